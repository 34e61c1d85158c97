import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import ExcelJS from "exceljs"
import { readdirSync } from "fs"
import { tmpdir } from "os"
import { COUPON_MODULE } from "../../src/modules/coupon"
import { generateCouponBatchCodesWorkflow } from "../../src/workflows/batches/workflows/generate-batch-codes"
import { createAdminHeaders } from "../helpers/auth"

jest.setTimeout(180 * 1000)

const THRESHOLD = 300
const MAX_BYTES = 64 * 1024

// The runner reads medusa-config.ts before applying its `env` option, so the options' env vars are set here
// (and removed after this file: jest runs the HTTP files in one process).
process.env.COUPON_BACKGROUND_THRESHOLD = String(THRESHOLD)
process.env.COUPON_IMPORT_MAX_BYTES = String(MAX_BYTES)
afterAll(() => {
  delete process.env.COUPON_BACKGROUND_THRESHOLD
  delete process.env.COUPON_IMPORT_MAX_BYTES
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let promotionId: string

    const service = () => getContainer().resolve(COUPON_MODULE)
    const base = () => `/admin/coupon-promotions/${promotionId}`

    beforeEach(async () => {
      admin = await createAdminHeaders(getContainer())
      const promotion = await service().createCouponPromotions({
        custom_id: "BATCHES",
        name: "Batches",
        coupon_type: "promotion_code",
        discount_type: "percentage",
        discount_value: 10,
      })
      promotionId = promotion.id
    })

    const upload = (name: string, content: string | Buffer, type = "text/csv", field = "file") => {
      const form = new FormData()
      form.append(field, new Blob([content], { type }), name)
      return api.post(`${base()}/batches/import`, form, admin).catch((e) => e.response)
    }

    const written = async () => {
      const promotion = await service().retrieveCouponPromotion(promotionId)
      const [, couponRows] = await service().listAndCountCoupons({ promotion_id: promotionId })
      const [, batchRows] = await service().listAndCountCouponBatches({ promotion_id: promotionId })
      return { codes_total: promotion.codes_total, codes_unassigned: promotion.codes_unassigned, couponRows, batchRows }
    }
    const NOTHING = { codes_total: 0, codes_unassigned: 0, couponRows: 0, batchRows: 0 }
    // The import route streams uploads to temporary files (this process is the server): none may outlive a request.
    const leftoverUploads = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`coupon-import-${process.pid}-`))

    describe("generated batches", () => {
      it("generates a small batch at once with the default pattern and exact counters", async () => {
        const res = await api.post(`${base()}/batches`, { generate: { count: 25 } }, admin)
        expect(res.status).toBe(200)
        expect(res.data.batch).toEqual(
          expect.objectContaining({
            source: "generated",
            state: "completed",
            requested_count: 25,
            processed_count: 25,
            codes_total: 25,
            codes_unassigned: 25,
            pattern: { alphabet: "ABCDEFGHJKMNPQRSTUVWXYZ23456789", prefix: "", suffix: "", pattern: "##########", length: 10 },
          })
        )
        const csv = await api.get(`${base()}/batches/${res.data.batch.id}/codes.csv`, admin)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        const lines = csv.data.trim().split("\r\n")
        expect(lines[0]).toBe("code,state,customer_id,assigned_at,expires_at,uses_count")
        expect(lines).toHaveLength(26)
        for (const line of lines.slice(1)) {
          expect(line).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{10},unassigned,,,,0$/)
        }
        expect(new Set(lines).size).toBe(26)
        expect(await written()).toEqual({ codes_total: 25, codes_unassigned: 25, couponRows: 25, batchRows: 1 })
      })

      it("applies prefix, suffix and a # pattern", async () => {
        const res = await api.post(
          `${base()}/batches`,
          { generate: { count: 5, prefix: "xmas-", pattern: "####-####", alphabet: "ABCDEFGH", suffix: "-25" } },
          admin
        )
        const csv = await api.get(`${base()}/batches/${res.data.batch.id}/codes.csv`, admin)
        for (const line of csv.data.trim().split("\r\n").slice(1)) {
          expect(line.split(",")[0]).toMatch(/^XMAS-[A-H]{4}-[A-H]{4}-25$/)
        }
      })

      it("refuses a count that would make codes guessable, naming a length that fits, and writes nothing", async () => {
        const res = await api
          .post(`${base()}/batches`, { generate: { count: 10, length: 8, alphabet: "AB" } }, admin)
          .catch((e) => e.response)
        expect(res.status).toBe(400)
        expect(res.data.message).toBe(
          "Too many codes for 8 random characters from a 2-character alphabet: with 10 codes a guessed code would be valid more often than 1 in 10,000. Use a length of at least 17."
        )
        expect(await written()).toEqual(NOTHING)
      })

      it("refuses a length under 8 and unknown fields", async () => {
        const short = await api.post(`${base()}/batches`, { generate: { count: 5, length: 7 } }, admin).catch((e) => e.response)
        expect(short.status).toBe(400)
        expect(short.data.message).toBe("Length must be a whole number of at least 8")
        const zero = await api.post(`${base()}/batches`, { generate: { count: 0 } }, admin).catch((e) => e.response)
        expect(zero.status).toBe(400)
        expect(await written()).toEqual(NOTHING)
      })

      it("generates a large batch in the background with readable progress to completion", async () => {
        const res = await api.post(`${base()}/batches`, { generate: { count: THRESHOLD * 4 } }, admin)
        expect(res.status).toBe(202)
        expect(res.data.batch).toEqual(expect.objectContaining({ state: "pending", requested_count: 1200 }))
        let batch = res.data.batch
        const seen = new Set<string>()
        for (let i = 0; i < 100 && batch.state !== "completed" && batch.state !== "failed"; i++) {
          await new Promise((r) => setTimeout(r, 100))
          batch = (await api.get(`${base()}/batches/${batch.id}`, admin)).data.batch
          seen.add(batch.state)
        }
        expect(batch).toEqual(expect.objectContaining({ state: "completed", processed_count: 1200, codes_total: 1200 }))
        expect(await written()).toEqual({ codes_total: 1200, codes_unassigned: 1200, couponRows: 1200, batchRows: 1 })
      })

      it("keeps adding batches to the same promotion with exact counters", async () => {
        await api.post(`${base()}/batches`, { generate: { count: 10 } }, admin)
        await api.post(`${base()}/batches`, { generate: { count: 15 } }, admin)
        await upload("more.csv", "code\nEXTRA0001\nEXTRA0002\n")
        expect(await written()).toEqual({ codes_total: 27, codes_unassigned: 27, couponRows: 27, batchRows: 3 })
        const list = await api.get(`${base()}/batches?order=created_at`, admin)
        expect(list.data.count).toBe(3)
        expect(list.data.batches.map((b: any) => b.codes_total).sort()).toEqual([10, 15, 2])
      })
    })

    describe("imports", () => {
      it("imports a CSV with BOM, CRLF, quotes, blank lines and extra columns", async () => {
        const csv = '\ufeffname,Code,extra\r\nA,"abcd-1234",x\r\n\r\nB, efgh_5678 ,y\r\n,"IJKL9999",\r\n'
        const res = await upload("codes.csv", csv)
        expect(res.status).toBe(200)
        expect(res.data.batch).toEqual(
          expect.objectContaining({ source: "imported", state: "completed", codes_total: 3, file_name: "codes.csv", file_format: "csv" })
        )
        const codes = (await service().listCoupons({ promotion_id: promotionId })).map((c: any) => c.code).sort()
        expect(codes).toEqual(["ABCD-1234", "EFGH_5678", "IJKL9999"])
        expect(leftoverUploads()).toEqual([])
      })

      it("imports the first sheet of an .xlsx", async () => {
        const wb = new ExcelJS.Workbook()
        const sheet = wb.addWorksheet("Codes")
        sheet.addRow(["code"])
        sheet.addRow(["xlsx0001"])
        sheet.addRow(["XLSX0002"])
        wb.addWorksheet("Other").addRow(["code"])
        const buffer = Buffer.from(await wb.xlsx.writeBuffer())
        const res = await upload("codes.xlsx", buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        expect(res.status).toBe(200)
        expect(res.data.batch).toEqual(expect.objectContaining({ file_format: "xlsx", codes_total: 2 }))
      })

      const badCorpus: [string, string | Buffer, string, string][] = [
        ["wrong header", "coupon\nABCD1234\n", "codes.csv", 'The file needs a header row with a "code" column'],
        ["header only", "code\r\n", "codes.csv", "The file has no codes"],
        ["empty file", "", "codes.csv", "The file is empty"],
        ["wrong type", "code\nABCD1234\n", "codes.pdf", 'Unsupported file type "codes.pdf": upload a .csv or .xlsx file'],
        [
          "invalid codes",
          "code\nAB\nGOOD1234\nHAS SPACE\n",
          "codes.csv",
          'The file has 2 problems: row 2: "AB" is shorter than 4 characters; row 4: "HAS SPACE" contains a space; only letters A-Z, digits 0-9, "-" and "_" are allowed',
        ],
        [
          "repeated codes (after normalization)",
          "code\nsame1234\nOTHER123\n SAME1234 \n",
          "codes.csv",
          'The file has 1 problem: rows 2 and 4: "SAME1234" is in the file more than once',
        ],
        ["too long", `code\n${"A".repeat(65)}\n`, "codes.csv", `The file has 1 problem: row 2: "${"A".repeat(40)}…" is longer than 64 characters`],
        ["too large", `code\n${"ABCDEFGH12\n".repeat(7000)}`, "codes.csv", "The file is larger than the 64 KB limit"],
      ]
      it.each(badCorpus)("refuses %s with an exact error and writes nothing", async (_case, content, name, message) => {
        const res = await upload(name, content)
        expect(res.status).toBe(400)
        expect(res.data.message).toBe(message)
        expect(await written()).toEqual(NOTHING)
        expect(leftoverUploads()).toEqual([])
      })

      it("refuses a request without the file field", async () => {
        const res = await upload("codes.csv", "code\nABCD1234\n", "text/csv", "other")
        expect(res.status).toBe(400)
        expect(res.data.message).toBe('Send exactly one file, in field "file"')
        const json = await api.post(`${base()}/batches/import`, { code: "x" }, admin).catch((e) => e.response)
        expect(json.status).toBe(400)
        expect(json.data.message).toBe('Send the codes as multipart/form-data with the file in field "file"')
        expect(await written()).toEqual(NOTHING)
      })

      it("fails whole when a code already exists as a coupon or a Medusa promotion code", async () => {
        const other = await service().createCouponPromotions({
          custom_id: "OTHER",
          name: "Other",
          coupon_type: "promotion_code",
          discount_type: "percentage",
          discount_value: 5,
        })
        await service().importBatchCoupons({
          promotion_id: other.id,
          file_name: null,
          file_format: "csv",
          codes: ["TAKEN001"],
          rows: [2],
        })
        await getContainer()
          .resolve(Modules.PROMOTION)
          .createPromotions({
            code: "native10",
            type: "standard",
            status: "active",
            application_method: { type: "percentage", target_type: "order", value: 10, allocation: "across" },
          })
        const res = await upload("codes.csv", "code\nFRESH001\ntaken001\nNATIVE10\n")
        expect(res.status).toBe(400)
        expect(res.data.message).toBe(
          'The file has 2 problems: row 3: "TAKEN001" already exists in the system; row 4: "NATIVE10" is already a Medusa promotion code'
        )
        expect(await written()).toEqual(NOTHING)
        expect(await service().listCoupons({ code: "FRESH001" })).toHaveLength(0)
        expect(leftoverUploads()).toEqual([])
      })

      it("lets exactly one of two overlapping imports sent at the same moment succeed", async () => {
        const a = Array.from({ length: 3000 }, (_, i) => `RACE${String(i).padStart(5, "0")}`)
        const b = [...a.slice(2000), ...Array.from({ length: 2000 }, (_, i) => `LANE${String(i).padStart(5, "0")}`)]
        const results = await Promise.all([
          upload("a.csv", `code\n${a.join("\n")}\n`),
          upload("b.csv", `code\n${b.join("\n")}\n`),
        ])
        expect(results.map((r) => r.status).sort()).toEqual([200, 400])
        const failed = results.find((r) => r.status === 400)
        expect(failed.data.message).toMatch(/^The file has 1,000 problems: row (2|2,002): "RACE02000" already exists in the system; /)
        const winner = results.find((r) => r.status === 200).data.batch
        expect(await written()).toEqual({
          codes_total: winner.codes_total,
          codes_unassigned: winner.codes_total,
          couponRows: winner.codes_total,
          batchRows: 1,
        })
        expect(leftoverUploads()).toEqual([])
      })
    })

    describe("batch events", () => {
      it("announces finished batches with coupon_batch.completed and a failed generation with coupon_batch.failed", async () => {
        const events: { name: string; data: any }[] = []
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const record = async (event: any) => {
          if (event.data?.promotion_id === promotionId) {
            events.push({ name: event.name, data: event.data })
          }
        }
        for (const name of ["coupon_batch.created", "coupon_batch.completed", "coupon_batch.failed"]) {
          eventBus.subscribe(name, record, { subscriberId: `test-${name}` })
        }
        const small = (await api.post(`${base()}/batches`, { generate: { count: 5 } }, admin)).data.batch
        const large = (await api.post(`${base()}/batches`, { generate: { count: THRESHOLD + 1 } }, admin)).data.batch
        const imported = (await upload("codes.csv", "code\nEVENT0001\nEVENT0002\n")).data.batch
        // A pending batch whose pattern is too small for its count: what is left for the generation to refuse once
        // the space has filled up since the batch was recorded.
        const doomed = await service().createCouponBatches({
          promotion_id: promotionId,
          source: "generated",
          state: "pending",
          requested_count: 1,
          pattern: { alphabet: "AB", prefix: "", suffix: "", pattern: "########", length: 8 },
        })
        const { result } = await generateCouponBatchCodesWorkflow(getContainer()).run({ input: { batch_id: doomed.id } })
        expect(result).toEqual(
          expect.objectContaining({
            state: "failed",
            processed_count: 0,
            error: {
              type: "invalid_data",
              message:
                "Too many codes for 8 random characters from a 2-character alphabet: with 1 code a guessed code would be valid more often than 1 in 10,000. Use a length of at least 14.",
            },
          })
        )
        const finished = () => events.filter((e) => e.name !== "coupon_batch.created")
        for (let i = 0; i < 100 && finished().length < 4; i++) {
          await new Promise((r) => setTimeout(r, 100))
        }
        const byBatch = Object.fromEntries(events.map((e) => [`${e.name} ${e.data.id}`, e.data]))
        expect(byBatch).toEqual({
          [`coupon_batch.completed ${small.id}`]: { id: small.id, promotion_id: promotionId, source: "generated", codes_total: 5 },
          [`coupon_batch.created ${large.id}`]: { id: large.id, promotion_id: promotionId },
          [`coupon_batch.completed ${large.id}`]: {
            id: large.id,
            promotion_id: promotionId,
            source: "generated",
            codes_total: THRESHOLD + 1,
          },
          [`coupon_batch.completed ${imported.id}`]: { id: imported.id, promotion_id: promotionId, source: "imported", codes_total: 2 },
          [`coupon_batch.failed ${doomed.id}`]: {
            id: doomed.id,
            promotion_id: promotionId,
            source: "generated",
            error: result.error,
          },
        })
        expect(events).toHaveLength(5)
        expect(await written()).toEqual({ codes_total: THRESHOLD + 8, codes_unassigned: THRESHOLD + 8, couponRows: THRESHOLD + 8, batchRows: 4 })
      })
    })

    describe("codes, CSV out and templates", () => {
      it("lists codes with state, customer and q filters, paginated, counts from counters", async () => {
        await upload("codes.csv", "code\nAAAA0001\nAAAA0002\nBBBB0001\n")
        const [coupon] = await service().listCoupons({ code: "AAAA0002" })
        await service().updateCoupons({ id: coupon.id, state: "assigned", customer_id: "cus_1" })
        const all = await api.get(`${base()}/coupons?limit=2`, admin)
        expect(all.data).toEqual(expect.objectContaining({ count: 3, limit: 2, offset: 0 }))
        expect(all.data.coupons).toHaveLength(2)
        const byQ = await api.get(`${base()}/coupons?q=aaaa`, admin)
        expect(byQ.data.coupons.map((c: any) => c.code).sort()).toEqual(["AAAA0001", "AAAA0002"])
        const byCustomer = await api.get(`${base()}/coupons?customer_id=cus_1`, admin)
        expect(byCustomer.data.coupons.map((c: any) => c.code)).toEqual(["AAAA0002"])
        const byState = await api.get(`${base()}/coupons?state=assigned`, admin)
        expect(byState.data.coupons.map((c: any) => c.code)).toEqual(["AAAA0002"])
      })

      it("neutralizes formula cells in coupons.csv", async () => {
        await upload("codes.csv", "code\nCCCC0001\n")
        const [coupon] = await service().listCoupons({ code: "CCCC0001" })
        await service().updateCoupons({ id: coupon.id, state: "assigned", customer_id: "=HYPERLINK(1)" })
        const csv = await api.get(`${base()}/coupons.csv?state=assigned`, admin)
        expect(csv.data.split("\r\n")[1]).toMatch(/^CCCC0001,assigned,'=HYPERLINK\(1\),/)
      })

      it("serves the CSV and XLSX templates", async () => {
        const csv = await api.get(`/admin/coupons/template.csv`, admin)
        expect(csv.data).toBe("code,expires_at\r\n")
        const xlsx = await api.get(`/admin/coupons/template.xlsx`, { ...admin, responseType: "arraybuffer" })
        expect(xlsx.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.load(xlsx.data)
        expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe("code")
        expect(wb.worksheets[0].getRow(1).getCell(2).value).toBe("expires_at")
      })

      it("answers 404 for unknown promotions and batches, 401 without auth", async () => {
        const unknown = "/admin/coupon-promotions/cpromo_missing"
        for (const call of [
          () => api.get(`${unknown}/batches`, admin),
          () => api.post(`${unknown}/batches`, { generate: { count: 5 } }, admin),
          () => api.get(`${unknown}/coupons`, admin),
          () => api.get(`${unknown}/coupons.csv`, admin),
          () => api.get(`${base()}/batches/cbatch_missing`, admin),
          () => api.get(`${base()}/batches/cbatch_missing/codes.csv`, admin),
        ]) {
          const res = await call().catch((e) => e.response)
          expect(res.status).toBe(404)
        }
        const noAuth = await api.get(`${base()}/batches`).catch((e) => e.response)
        expect(noAuth.status).toBe(401)
        const noAuthTemplate = await api.get(`/admin/coupons/template.csv`).catch((e) => e.response)
        expect(noAuthTemplate.status).toBe(401)
      })
    })
  },
})
