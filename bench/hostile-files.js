// The hostile uploads of the app phase (bench/app-http.js), written to disk so they are streamed into the request:
// a zip bomb .xlsx (a few MB whose worksheet inflates to GBs: a header and one code, then a row of empty cells) and a
// CSV whose
// second row is one cell of hundreds of millions of characters.
const fs = require("fs")
const { once } = require("events")
const { createDeflateRaw, crc32 } = require("zlib")

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
const OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/** The same 1 MB Buffer of `unit` repeated, handed out until `bytes` are given (the last one cut to a whole unit). */
function* repeated(unit, bytes) {
  const chunk = Buffer.from(unit.repeat((1 << 20) / unit.length))
  for (let left = bytes - (bytes % unit.length); left > 0; left -= chunk.length) {
    yield left >= chunk.length ? chunk : chunk.subarray(0, left)
  }
}

async function deflate(chunks) {
  const deflater = createDeflateRaw({ level: 9 })
  const out = []
  deflater.on("data", (c) => out.push(c))
  let crc = 0
  let size = 0
  for (const chunk of chunks) {
    crc = crc32(chunk, crc)
    size += chunk.length
    if (!deflater.write(chunk)) await once(deflater, "drain")
  }
  deflater.end()
  await once(deflater, "end")
  return { data: Buffer.concat(out), crc, size }
}

/** A zip of `parts` ({ name, chunks: iterable of Buffers }), deflated, each under 4 GB unpacked (no zip64). */
async function writeZip(file, parts) {
  const locals = []
  const central = []
  let offset = 0
  for (const part of parts) {
    const name = Buffer.from(part.name)
    const { data, crc, size } = await deflate(part.chunks)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, data)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(20, 6)
    header.writeUInt16LE(8, 10)
    header.writeUInt32LE(crc >>> 0, 16)
    header.writeUInt32LE(data.length, 20)
    header.writeUInt32LE(size, 24)
    header.writeUInt16LE(name.length, 28)
    header.writeUInt32LE(offset, 42)
    central.push(header, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  fs.writeFileSync(file, Buffer.concat([...locals, directory, end]))
}

const text = (s) => [Buffer.from(s)]

/**
 * The zip bomb: a workbook whose one worksheet unpacks to `sheetBytes`: a header, one code, then one row of nothing
 * but empty cells (`<c/>`), the most structure per byte a sheet can carry.
 */
async function writeZipBombXlsx(file, sheetBytes) {
  const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>` +
    `<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>` +
    `<row r="2"><c r="A2" t="inlineStr"><is><t>BOMB0001</t></is></c></row><row r="3">`
  const tail = `</row></sheetData></worksheet>`
  await writeZip(file, [
    {
      name: "[Content_Types].xml",
      chunks: text(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
          `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
          `</Types>`
      ),
    },
    {
      name: "_rels/.rels",
      chunks: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: "xl/workbook.xml",
      chunks: text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets><sheet name="Codes" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      chunks: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    },
    {
      name: "xl/worksheets/sheet1.xml",
      chunks: (function* () {
        yield Buffer.from(head)
        yield* repeated("<c/>", sheetBytes - head.length - tail.length)
        yield Buffer.from(tail)
      })(),
    },
  ])
}

/** A CSV: the header "code", then one row whose only cell is `chars` letters. */
function writeHugeCellCsv(file, chars) {
  const fd = fs.openSync(file, "w")
  try {
    fs.writeSync(fd, "code\n")
    for (const chunk of repeated("A", chars)) fs.writeSync(fd, chunk)
    fs.writeSync(fd, "\n")
  } finally {
    fs.closeSync(fd)
  }
}

module.exports = { writeZipBombXlsx, writeHugeCellCsv }
