/**
 * User.com's snippet tag `{{coupon "PROMOTION_CUSTOM_ID"}}`: renders the code of that promotion given to the
 * reader. Pure parsing and substitution; looking the codes up is the caller's job.
 * Accepted spellings: double or single quotes, any spaces inside the braces, case-insensitive `coupon`.
 */
const COUPON_TAG = /\{\{\s*coupon\s+(["'])(.*?)\1\s*\}\}/gi

/** The distinct promotion custom IDs referenced by coupon tags, in order of first appearance. */
export function findCouponSnippetTags(text: string): string[] {
  const ids: string[] = []
  for (const match of text.matchAll(COUPON_TAG)) {
    const customId = match[2].trim()
    if (!ids.includes(customId)) {
      ids.push(customId)
    }
  }
  return ids
}

/**
 * Replaces every coupon tag with the code found for its custom ID; a tag without a code becomes the empty
 * string, so a message never shows raw template syntax and never fails.
 */
export function replaceCouponSnippetTags(text: string, codesByCustomId: Record<string, string | undefined>): string {
  return text.replace(COUPON_TAG, (_tag, _quote, customId: string) => codesByCustomId[customId.trim()] ?? "")
}
