import { CodeProblem } from "./parsed-codes"

/*
 * The wording of a refused file: one message listing the first problems with their rows, then how many more.
 */

const DISPLAYED_CODE_LENGTH = 40
const DISPLAYED_ROWS = 5

/**
 * One message for refusing a file: the first `limit` problems with their rows, then how many more.
 * e.g. `The file has 3 problems: row 2: "AB" is shorter than 4 characters; rows 7 and 12: "SALE-1" is in
 * the file more than once; row 9: "X Y" contains a space; ...`
 * @param total all problems found when `problems` is only the first of them (`problemCount` of a check).
 */
export const describeProblems = (problems: CodeProblem[], limit = 20, total = problems.length): string => {
  const count = Math.max(total, problems.length)
  const shown = problems.slice(0, Math.max(0, limit))
  const parts = shown.map((problem) => `${describeRows(problem.rows)}: ${quoteCode(problem.code)} ${problem.reason}`)
  const rest = count - shown.length
  if (rest > 0) {
    parts.push(`and ${rest.toLocaleString("en-US")} more`)
  }
  const head = `The file has ${count.toLocaleString("en-US")} ${count === 1 ? "problem" : "problems"}`
  return parts.length ? `${head}: ${parts.join("; ")}` : head
}

const describeRows = (rows: number[]): string => {
  const formatted = rows.slice(0, DISPLAYED_ROWS).map((row) => row.toLocaleString("en-US"))
  if (rows.length === 1) {
    return `row ${formatted[0]}`
  }
  if (rows.length > DISPLAYED_ROWS) {
    return `rows ${formatted.join(", ")} and ${(rows.length - DISPLAYED_ROWS).toLocaleString("en-US")} more`
  }
  return `rows ${formatted.slice(0, -1).join(", ")} and ${formatted[formatted.length - 1]}`
}

const quoteCode = (code: string): string => {
  const shown = code.length > DISPLAYED_CODE_LENGTH ? `${code.slice(0, DISPLAYED_CODE_LENGTH)}…` : code
  // JSON quoting escapes quotes and control characters, so the message stays one readable line.
  return JSON.stringify(shown)
}
