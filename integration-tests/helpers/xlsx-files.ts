import ExcelJS from "exceljs"
import { once } from "events"
import { PassThrough } from "stream"
import { createDeflateRaw, crc32 } from "zlib"

/*
 * Hand-made .xlsx files for the import limits: a zip written here part by part, so a part can be hundreds of MB of
 * repeated text streamed through deflate (a few hundred KB compressed) without that text ever being held in memory,
 * and parts can be laid out in any order or be broken on purpose.
 */

/** A zip part: its bytes, or chunks produced one at a time (the same Buffer may be handed back repeatedly). */
export type ZipPart = { name: string; data: Buffer | string | (() => Iterable<Buffer>) }

const chunksOf = (data: ZipPart["data"]): Iterable<Buffer> =>
  typeof data === "function" ? data() : [typeof data === "string" ? Buffer.from(data, "utf8") : data]

async function deflatePart(data: ZipPart["data"]) {
  const deflater = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflater.on("data", (chunk: Buffer) => out.push(chunk))
  let crc = 0
  let size = 0
  for (const chunk of chunksOf(data)) {
    crc = crc32(chunk, crc)
    size += chunk.length
    if (!deflater.write(chunk)) {
      await once(deflater, "drain")
    }
  }
  deflater.end()
  await once(deflater, "end")
  return { compressed: Buffer.concat(out), crc, size }
}

/** A deflated zip of `parts`, in the order given (sizes stay under 4 GB: no zip64). */
export async function zipParts(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8")
    const { compressed, crc, size } = await deflatePart(part.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, compressed)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(20, 6)
    header.writeUInt16LE(8, 10)
    header.writeUInt32LE(crc, 16)
    header.writeUInt32LE(compressed.length, 20)
    header.writeUInt32LE(size, 24)
    header.writeUInt16LE(name.length, 28)
    header.writeUInt32LE(offset, 42)
    central.push(header, name)
    offset += local.length + name.length + compressed.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
const OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/** The parts every workbook needs around its first sheet (one sheet, "Codes"). */
export const workbookParts = (): ZipPart[] => [
  {
    name: "[Content_Types].xml",
    data:
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `</Types>`,
  },
  {
    name: "_rels/.rels",
    data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  },
  {
    name: "xl/workbook.xml",
    data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${OFFICE_RELS}"><sheets><sheet name="Codes" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  },
  {
    name: "xl/_rels/workbook.xml.rels",
    data:
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}">` +
      `<Relationship Id="rId1" Type="${OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${OFFICE_RELS}/sharedStrings" Target="sharedStrings.xml"/>` +
      `</Relationships>`,
  },
]

/** A worksheet part holding `rowsXml` (`<row>` elements) in its sheetData. */
export const sheetXml = (rowsXml: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rowsXml}</sheetData></worksheet>`

/** A shared strings part holding `items` (`<si>` elements). */
export const sharedStringsXml = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${items}</sst>`

/** `count` copies of `unit`, handed out as 1 MB chunks (one Buffer, reused). */
export function* repeated(unit: string, count: number): Iterable<Buffer> {
  const perChunk = Math.max(1, Math.floor((1 << 20) / Buffer.byteLength(unit)))
  const chunk = Buffer.from(unit.repeat(perChunk), "utf8")
  let left = count
  while (left >= perChunk) {
    yield chunk
    left -= perChunk
  }
  if (left > 0) {
    yield Buffer.from(unit.repeat(left), "utf8")
  }
}

/**
 * The zip bomb of the finding: a header "code" and one row whose cell is shared string 1, a run of `chars` letters.
 * Laid out as Excel does (sheet, then shared strings).
 */
export async function oneHugeCellXlsx(chars: number): Promise<Buffer> {
  const [head, tail] = sharedStringsXml("<si><t>code</t></si><si><t>\u0000</t></si>").split("\u0000")
  return zipParts([
    ...workbookParts(),
    { name: "xl/worksheets/sheet1.xml", data: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>') },
    {
      name: "xl/sharedStrings.xml",
      data: function* () {
        yield Buffer.from(head, "utf8")
        yield* repeated("A", chars)
        yield Buffer.from(tail, "utf8")
      },
    },
  ])
}

/**
 * A workbook as Excel lays it out (the worksheet before the shared strings in the zip), written by exceljs's streaming
 * writer, which keeps that order.
 */
export async function excelLayoutXlsx(rows: string[][]): Promise<Buffer> {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on("data", (chunk: Buffer) => chunks.push(chunk))
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true, useStyles: true })
  const sheet = book.addWorksheet("Codes")
  for (const row of rows) {
    sheet.addRow(row).commit()
  }
  sheet.commit()
  await book.commit()
  return Buffer.concat(chunks)
}

/**
 * A workbook whose first sheet comes before its shared strings, as Excel writes them: 1,000 rows with 100 KB of blank
 * text after each (100 MB unpacked, a few hundred KB packed), the header "header" (shared string 0), then `strings`.
 */
export function sheetFirstXlsx(header: string, strings: string): Promise<Buffer> {
  return zipParts([
    ...workbookParts(),
    {
      name: "xl/worksheets/sheet1.xml",
      data: function* () {
        const [head, tail] = sheetXml("\u0000").split("\u0000")
        yield Buffer.from(`${head}<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
        const padding = Buffer.from(" ".repeat(100 * 1024))
        for (let row = 2; row <= 1000; row++) {
          yield Buffer.from(`<row r="${row}"><c r="A${row}"><v>${10_000_000 + row}</v></c></row>`)
          yield padding
        }
        yield Buffer.from(tail)
      },
    },
    { name: "xl/sharedStrings.xml", data: sharedStringsXml(`<si><t>${header}</t></si>${strings}`) },
  ])
}
