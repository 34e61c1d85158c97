/**
 * The API answers one message per request, its parts joined by "; " (zod) and naming the field as 'field'
 * (engine rules and zod alike). Split it so each part shows under the input it is about; the rest is general.
 * A message about a part of a field ('currency_amounts.usd.discount_value') is kept under the field and under that
 * full name too, for a form that shows it next to the part.
 */
export function fieldErrorsFromMessage(message: string, knownFields: readonly string[]) {
  const fields: Record<string, string> = {}
  const general: string[] = []
  for (const part of message.replace(/^Invalid request:\s*/, "").split(/;\s+/)) {
    // zod writes a nested path as 'currency_amounts, usd, budget', the engine as 'currency_amounts.usd.budget'.
    const names = [...part.matchAll(/'([a-z_][a-z0-9_.]*(?:, [a-z0-9_]+)*)'/gi)].map((m) => m[1].replace(/, /g, "."))
    const quoted = names.map((n) => n.split(".")[0])
    const field = quoted.find((f) => knownFields.includes(f)) ?? knownFields.find((f) => new RegExp(`\\b${f}\\b`).test(part))
    if (field && !fields[field]) {
      fields[field] = readable(part)
      const path = names.find((n) => n.startsWith(`${field}.`))
      if (path && !fields[path]) {
        fields[path] = readable(part.replace(/^Value for field ('[^']+') /, "Field $1: value "))
      }
    } else {
      general.push(part)
    }
  }
  return { fields, general: general.join("; ") }
}

export const errorMessage = (e: unknown) =>
  e instanceof Error ? e.message : typeof e === "string" ? e : "Something went wrong"

/** "Field 'discount_value' must be …" reads "Must be …" under the discount input (the label already names it). */
function readable(part: string) {
  const rest = part.replace(/^Field '[^']+'\s*:?\s*/, "")
  return rest === part || !rest ? part : rest[0].toUpperCase() + rest.slice(1)
}
