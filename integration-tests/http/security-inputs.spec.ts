import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { Agent } from "http"
import { createAdminHeaders, Headers } from "../helpers/auth"
import { createTestCustomers, seedPromotionWithCodes } from "../helpers/coupons"
import { ourTmpFiles, peakRssDuring } from "../helpers/server-resources"
import {
  excelLayoutXlsx,
  oneHugeCellXlsx,
  repeated,
  sheetFirstXlsx,
  sheetXml,
  workbookParts,
  zipParts,
} from "../helpers/xlsx-files"

jest.setTimeout(300 * 1000)

/*
 * Security issue 21, bounded inputs: numbers and metadata the database or the workflow engine cannot take (finding 5),
 * import files that unpack into far more than they weigh (finding 6), and temporary files a failed import leaves
 * behind (finding 7). This process is the server (the runner boots the app in it): its RSS and its temporary
 * directory are the server's.
 */

const INT4_MAX = 2_147_483_647
const MB = 1024 * 1024
const MAX_ROWS = 1000

// Read by medusa-config.ts when the app boots, so set before the runner starts it, and removed after this file: jest
// runs the HTTP files in one process.
process.env.COUPON_IMPORT_MAX_ROWS = String(MAX_ROWS)
afterAll(() => {
  delete process.env.COUPON_IMPORT_MAX_ROWS
})

/** The smallest valid create body; tests override what they are about. */
const promotionBody = (over: Record<string, unknown> = {}) => ({
  custom_id: "BOUNDS",
  name: "Bounds",
  coupon_type: "promotion_code",
  discount_type: "percentage",
  discount_value: 10,
  ...over,
})

/** `{"a":{"a":…{}…}}`, `depth` objects deep, as JSON text: the client would overflow its own stack stringifying it. */
const nestedJson = (depth: number) => '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: Headers

    const sql = async (query: string, bindings: unknown[] = []) =>
      (await getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(query, bindings)).rows
    const count = async (table: string, where = "true", bindings: unknown[] = []) =>
      Number((await sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, bindings))[0].n)
    const failure = (p: Promise<any>) =>
      p.then(
        (res) => {
          throw new Error(`expected a failure, got ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`)
        },
        (e) => {
          if (!e.response) {
            throw e
          }
          return e.response
        }
      )
    const invalid = (message: string) => ({ type: "invalid_data", message })
    const postJsonText = (url: string, body: string) =>
      api.post(url, body, { headers: { ...admin.headers, "content-type": "application/json" } })

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
    })

    describe("numbers and metadata bounded to what the database and the workflow engine hold (finding 5)", () => {
      const PROMOTIONS = "/admin/coupon-promotions"
      const tooBig = (field: string, max: number | string) =>
        invalid(`Invalid request: Value for field '${field}' too big, expected at most: '${max}'`)
      const createPromotion = async (over: Record<string, unknown> = {}) =>
        (await api.post(PROMOTIONS, promotionBody(over), admin)).data.coupon_promotion

      const INT_FIELDS: [string, Record<string, unknown>][] = [
        ["usage_per_code_limit", { usage_per_code: "first_customers" }],
        ["usage_per_customer_limit", { usage_per_customer: "limited" }],
        ["low_stock_threshold", {}],
      ]

      it.each(INT_FIELDS)("refuses %s above the integer column's 2,147,483,647, writing nothing", async (field, context) => {
        const res = await failure(api.post(PROMOTIONS, promotionBody({ ...context, [field]: 2 ** 31 }), admin))
        expect(res.status).toBe(400)
        expect(res.data).toEqual(tooBig(field, INT4_MAX))
        expect(await count("coupon_promotion")).toBe(0)
      })

      it.each(INT_FIELDS)("stores the column's largest value, 2,147,483,647, in %s", async (field, context) => {
        expect((await createPromotion({ ...context, [field]: INT4_MAX }))[field]).toBe(INT4_MAX)
        expect((await sql(`SELECT ${field} AS value FROM coupon_promotion`))[0].value).toBe(INT4_MAX)
      })

      it("refuses the same numbers on update and leaves the promotion as it was", async () => {
        const { id } = await createPromotion({ low_stock_threshold: 5 })
        for (const [field] of INT_FIELDS) {
          const res = await failure(api.post(`${PROMOTIONS}/${id}`, { [field]: 2 ** 31 }, admin))
          expect(res.status).toBe(400)
          expect(res.data).toEqual(tooBig(field, INT4_MAX))
        }
        const [row] = await sql(
          "SELECT low_stock_threshold, usage_per_code_limit, usage_per_customer_limit FROM coupon_promotion"
        )
        expect(row).toEqual({ low_stock_threshold: 5, usage_per_code_limit: null, usage_per_customer_limit: null })
      })

      it("refuses periods past 36,500 (days or months beyond what a date can hold), accepting 36,500", async () => {
        const relative = { time_span_type: "relative", time_span_unit: "months" }
        for (const amount of [2 ** 31, INT4_MAX, 36_501]) {
          const span = await failure(api.post(PROMOTIONS, promotionBody({ ...relative, time_span_amount: amount }), admin))
          expect(span.status).toBe(400)
          expect(span.data).toEqual(tooBig("time_span_amount", 36500))
          const days = await failure(api.post(PROMOTIONS, promotionBody({ valid_days_after_assignment: amount }), admin))
          expect(days.status).toBe(400)
          expect(days.data).toEqual(tooBig("valid_days_after_assignment", 36500))
        }
        expect(await count("coupon_promotion")).toBe(0)

        const now = new Date()
        const inMonths = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 36_500, 1))
        const spanning = await createPromotion({ ...relative, time_span_amount: 36_500 })
        expect(spanning.ends_at.slice(0, 7)).toBe(inMonths.toISOString().slice(0, 7))
        const { promotion } = await seedPromotionWithCodes(getContainer(), 1, { custom_id: "GIFT", coupon_type: "personal" })
        const update = await api.post(`${PROMOTIONS}/${promotion.id}`, { valid_days_after_assignment: 36_500 }, admin)
        expect(update.status).toBe(200)
        const [customer] = await createTestCustomers(getContainer(), 1)
        const given = await api.post(`${PROMOTIONS}/${promotion.id}/assign`, { customer_id: customer.id }, admin)
        expect(given.status).toBe(200)
        const [row] = await sql("SELECT expires_at - assigned_at AS span FROM coupon WHERE customer_id = ?", [customer.id])
        expect(row.span).toEqual(expect.objectContaining({ days: 36_500 }))
      })

      it("refuses a generated batch of more codes than its integer column counts, writing no batch", async () => {
        const { id } = await createPromotion()
        const generate = (body: Record<string, unknown>) =>
          failure(api.post(`${PROMOTIONS}/${id}/batches`, { generate: body }, admin))
        const tooMany = await generate({ count: 2 ** 31, length: 40 })
        expect(tooMany.status).toBe(400)
        expect(tooMany.data).toEqual(tooBig("generate, count", INT4_MAX))
        const tooLong = await generate({ count: 1, length: 2 ** 31 })
        expect(tooLong.status).toBe(400)
        expect(tooLong.data).toEqual(tooBig("generate, length", INT4_MAX))
        expect(await count("coupon_batch")).toBe(0)
        expect(await count("coupon")).toBe(0)
      })

      it("refuses metadata nested 10,000 deep on every route that takes metadata, writing nothing", async () => {
        const deep = nestedJson(10_000)
        const message = invalid("Invalid request: Field 'metadata' is nested more than 5 levels deep")
        const withDeep = JSON.stringify(promotionBody()).replace(/}$/, `,"metadata":${deep}}`)
        const create = await failure(postJsonText(PROMOTIONS, withDeep))
        expect(create.status).toBe(400)
        expect(create.data).toEqual(message)
        expect(await count("coupon_promotion")).toBe(0)

        const { id } = await createPromotion({ metadata: { kept: true } })
        const update = await failure(postJsonText(`${PROMOTIONS}/${id}`, `{"metadata":${deep}}`))
        expect(update.status).toBe(400)
        expect(update.data).toEqual(message)
        expect((await sql("SELECT metadata FROM coupon_promotion"))[0].metadata).toEqual({ kept: true })

        const RULES = "/admin/coupon-assignment-rules"
        const rule = await failure(
          postJsonText(RULES, `{"event_name":"customer.created","promotion":"${id}","metadata":${deep}}`)
        )
        expect(rule.status).toBe(400)
        expect(rule.data).toEqual(message)
        expect(await count("coupon_assignment_rule")).toBe(0)
        const created = (await api.post(RULES, { event_name: "customer.created", promotion: id }, admin)).data
        const ruleUpdate = await failure(
          postJsonText(`${RULES}/${created.coupon_assignment_rule.id}`, `{"metadata":${deep}}`)
        )
        expect(ruleUpdate.status).toBe(400)
        expect(ruleUpdate.data).toEqual(message)
        expect((await sql("SELECT metadata FROM coupon_assignment_rule"))[0].metadata).toBeNull()
      })

      it("takes metadata 5 levels deep, and refuses more keys or bytes than the bounds, naming the field", async () => {
        const five = { a: { b: { c: { d: { e: "deepest" } } } } }
        const { id, metadata } = await createPromotion({ metadata: five })
        expect(metadata).toEqual(five)
        const update = (value: unknown) => failure(api.post(`${PROMOTIONS}/${id}`, { metadata: value }, admin))

        const six = await update({ six: five })
        expect(six.status).toBe(400)
        expect(six.data).toEqual(invalid("Invalid request: Field 'metadata' is nested more than 5 levels deep"))
        const manyKeys = await update(Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, i])))
        expect(manyKeys.data).toEqual(invalid("Invalid request: Field 'metadata' has more than 256 keys"))
        const large = await update({ text: "x".repeat(16 * 1024) })
        expect(large.data).toEqual(invalid("Invalid request: Field 'metadata' is larger than 16 KB as JSON"))
        expect((await sql("SELECT metadata FROM coupon_promotion"))[0].metadata).toEqual(five)
      })

      it("refuses negative and out-of-range list pages on every admin list instead of passing them to Postgres", async () => {
        const { id } = await createPromotion()
        const lists = [
          PROMOTIONS,
          `${PROMOTIONS}/${id}/batches`,
          "/admin/coupon-assignment-rules",
          "/admin/customers/cus_none/coupons",
        ]
        for (const list of lists) {
          for (const field of ["offset", "limit"]) {
            const negative = await failure(api.get(`${list}?${field}=-5`, admin))
            expect(negative.status).toBe(400)
            expect(negative.data).toEqual(
              invalid(`Invalid request: Value for field '${field}' too small, expected at least: '0'`)
            )
            const huge = await failure(api.get(`${list}?${field}=100000000000000000000`, admin))
            expect(huge.status).toBe(400)
            expect(huge.data).toEqual(tooBig(field, INT4_MAX))
          }
          expect((await api.get(`${list}?offset=0&limit=5`, admin)).status).toBe(200)
        }
        const codes = await failure(api.get(`${PROMOTIONS}/${id}/coupons?offset=100000000000000000000`, admin))
        expect(codes.data).toEqual(tooBig("offset", INT4_MAX))
      })
    })

    describe("imports bounded by what a file unpacks into, not only what it weighs (findings 6 and 7)", () => {
      const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      let promotionId: string

      beforeEach(async () => {
        promotionId = (await api.post("/admin/coupon-promotions", promotionBody(), admin)).data.coupon_promotion.id
      })

      const upload = (name: string, content: string | Buffer, type = name.endsWith(".xlsx") ? XLSX : "text/csv") => {
        const form = new FormData()
        form.append("file", new Blob([content], { type }), name)
        // A new connection per upload: building a 50 MB file can take as long as the server keeps an idle connection
        // open, and a request sent on a pooled connection the server is closing fails with no response at all.
        return api
          .post(`/admin/coupon-promotions/${promotionId}/batches/import`, form, {
            ...admin,
            httpAgent: new Agent({ keepAlive: false }),
          })
          .catch((e) => e.response ?? { status: `no response (${e.code ?? e.message})` })
      }
      const written = async () => ({
        batches: await count("coupon_batch", "promotion_id = ?", [promotionId]),
        coupons: await count("coupon", "promotion_id = ?", [promotionId]),
      })
      const NOTHING = { batches: 0, coupons: 0 }

      /**
       * Uploads a hostile file and checks the whole outcome at once (so a failure shows every part that went wrong):
       * the exact 400, the server's RSS during the request within `maxExtraMb` of where it started, nothing written
       * and no temporary file left.
       */
      const refusesWithin = async (name: string, content: string | Buffer, message: string, maxExtraMb = 300) => {
        const filesBefore = ourTmpFiles()
        const { result: res, before, peak } = await peakRssDuring(() => upload(name, content))
        const extraMb = Math.round((peak - before) / MB)
        // The figures the report quotes come from here.
        console.log(
          `[security-inputs] ${name} (${Math.round(Buffer.byteLength(content) / 1024)} KB): ${res.status}, ` +
            `server RSS ${Math.round(before / MB)} -> ${Math.round(peak / MB)} MB (+${extraMb} MB)`
        )
        const leftBehind = ourTmpFiles().filter((file) => !filesBefore.includes(file))
        expect({
          status: res.status,
          data: res.data,
          memoryWithinBound: extraMb < maxExtraMb ? true : `+${extraMb} MB`,
          written: await written(),
          leftBehind,
        }).toEqual({ status: 400, data: invalid(message), memoryWithinBound: true, written: NOTHING, leftBehind: [] })
      }

      it("refuses a 390 KB .xlsx whose one shared string is 400,000,000 characters, in bounded memory", async () => {
        const bomb = await oneHugeCellXlsx(400_000_000)
        expect(bomb.length).toBeLessThan(400 * 1024)
        await refusesWithin("bomb.xlsx", bomb, "The file has a cell longer than 32,767 characters")
      })

      it("refuses an .xlsx whose parts unpack to more than 256 MB in all, however little each text run holds", async () => {
        // 300 MB of elements the reader skips, 30,000 spaces between each: no cell, no long run, only volume.
        const sheet = sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>').split("</sheetData>")
        const file = await zipParts([
          ...workbookParts(),
          {
            name: "xl/worksheets/sheet1.xml",
            data: function* () {
              yield Buffer.from(sheet[0] + "</sheetData>")
              yield* repeated(`<skipped/>${" ".repeat(30_000)}`, 10_000)
              yield Buffer.from(sheet[1])
            },
          },
        ])
        await refusesWithin("volume.xlsx", file, "The Excel file unpacks to more than 256 MB; split it into smaller files")
      })

      const ROWS_MESSAGE = "The file has more than 1,000 rows; split it into smaller files"
      const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'
      const overRows: [string, string, () => Promise<string | Buffer>][] = [
        [
          "an .xlsx",
          "rows.xlsx",
          () => {
            const rows = Array.from(
              { length: MAX_ROWS },
              (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${10_000_000 + i}</v></c></row>`
            )
            const sheet = { name: "xl/worksheets/sheet1.xml", data: sheetXml(header + rows.join("")) }
            return zipParts([...workbookParts(), sheet])
          },
        ],
        [
          "a CSV",
          "rows.csv",
          async () => `code\n${Array.from({ length: MAX_ROWS }, (_, i) => `ROW${100_000 + i}`).join("\n")}\n`,
        ],
        // Read whole, 25,000,000 one-letter rows (a 50 MB upload) added 770 MB to the server before being refused.
        ["a 50 MB CSV of 25,000,000 one-letter rows", "many-rows.csv", async () => "code\n" + "A\n".repeat(25_000_000)],
      ]

      it.each(overRows)("refuses %s with more rows than importLimits.maxRows (1,000 in this app)", async (_, name, build) => {
        await refusesWithin(name, await build(), ROWS_MESSAGE)
      })

      it.each([
        ["unquoted", "cell.csv", ""],
        ["quoted", "quoted.csv", '"'],
      ])("refuses a 50 MB CSV cell, %s, naming its row", async (_, name, quote) => {
        const content = `code\n${quote}${"A".repeat(50 * 1000 * 1000)}${quote}\n`
        await refusesWithin(name, content, "The file has a cell longer than 32,767 characters (row 2)")
      })

      describe("no temporary file outlives an import (finding 7)", () => {
        // exceljs's reader wrote a worksheet that comes before the shared strings (Excel's own layout) to a temporary
        // file, and removed it only after reading it through: a read that stopped early left the file behind.
        it("leaves nothing behind when an .xlsx turns out damaged after its first sheet", async () => {
          const file = await sheetFirstXlsx("code", "<si><t>&bogus;</t></si>")
          await refusesWithin(
            "damaged.xlsx",
            file,
            'The Excel file could not be read; it may be damaged (the XML has an unknown entity "&bogus;")'
          )
        })

        it("leaves nothing behind when an .xlsx is refused while its first sheet is read", async () => {
          const file = await sheetFirstXlsx("name", "")
          await refusesWithin("no-header.xlsx", file, 'The file needs a header row with a "code" column')
        })

        it("leaves nothing behind when a workbook laid out as Excel does (sheet first) imports", async () => {
          const filesBefore = ourTmpFiles()
          const file = await excelLayoutXlsx([
            ["code", "note"],
            ...Array.from({ length: MAX_ROWS - 1 }, (_, i) => [`LAYOUT${100_000 + i}`, "n".repeat(32_767)]),
          ])
          const res = await upload("layout.xlsx", file)
          expect(res.status).toBe(200)
          expect(res.data.batch).toEqual(expect.objectContaining({ file_format: "xlsx", codes_total: MAX_ROWS - 1 }))
          expect(await written()).toEqual({ batches: 1, coupons: MAX_ROWS - 1 })
          expect(ourTmpFiles()).toEqual(filesBefore)
        })
      })
    })
  },
})
