import { DamagedFileError } from "./code-file-limits"
import { EngineError } from "./errors"

/*
 * A streaming XML tokenizer for the parts of an .xlsx, bounded: it holds at most one text run or one tag between
 * chunks, and refuses a text run or tag longer than its limits the moment the limit is crossed, so a part made of one
 * enormous text node (the zip bomb that inflates into a single shared string) costs no more memory than a normal one.
 * It reads what spreadsheet programs write: elements with attributes, text, entities, CDATA, comments and processing
 * instructions. Document type declarations are refused: OOXML has none, and they are how entity bombs work.
 */

export type XmlHandler = {
  /** An element starts; `tag` is its whole start tag, for `attribute`. Self-closing elements get `close` next. */
  open(name: string, tag: string): void
  close(name: string): void
  /** A whole text run between two tags (entities not decoded yet; see `decodeXmlText`), or a CDATA section. */
  text(raw: string, cdata: boolean): void
}

export type XmlLimits = {
  /** Longest text run, comment or CDATA section, in characters as written (entities not decoded). */
  maxText: number
  /** Thrown when a text run passes `maxText`. */
  textTooLong: () => EngineError
}

// Start tags of spreadsheet XML are a few hundred characters at most (namespace declarations on the root).
const MAX_TAG = 64 * 1024

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const QUESTION = 0x3f
const BANG = 0x21
const DOUBLE_QUOTE = 0x22
const SINGLE_QUOTE = 0x27
const COLON = 0x3a

export class XmlScanner {
  private pending = ""

  constructor(
    private readonly handler: XmlHandler,
    private readonly limits: XmlLimits
  ) {}

  write(chunk: string): void {
    const input = this.pending.length ? this.pending + chunk : chunk
    this.pending = input.slice(this.scan(input))
  }

  /** @throws DamagedFileError when the part ends inside a tag. */
  end(): void {
    const rest = this.pending
    this.pending = ""
    const lt = rest.indexOf("<")
    if (lt !== -1) {
      throw new DamagedFileError("an XML part ends in the middle of a tag")
    }
    if (rest.length) {
      this.handler.text(rest, false)
    }
  }

  /** Handles every complete token of `input`; returns where the incomplete rest starts. */
  private scan(input: string): number {
    const { handler, limits } = this
    let at = 0
    while (at < input.length) {
      const lt = input.indexOf("<", at)
      if (lt === -1) {
        if (input.length - at > limits.maxText) {
          throw limits.textTooLong()
        }
        return at
      }
      if (lt > at) {
        if (lt - at > limits.maxText) {
          throw limits.textTooLong()
        }
        handler.text(input.slice(at, lt), false)
      }
      const next = this.token(input, lt)
      if (next === -1) {
        // Comments and CDATA sections are bounded like text (see `declaration`); every other token is a tag.
        if (input.charCodeAt(lt + 1) !== BANG && input.length - lt > MAX_TAG) {
          throw new DamagedFileError(`an XML tag is longer than ${MAX_TAG.toLocaleString("en-US")} characters`)
        }
        return lt
      }
      at = next
    }
    return at
  }

  /** The token starting with the `<` at `lt`; returns the index after it, or -1 when it is not complete yet. */
  private token(input: string, lt: number): number {
    const kind = input.charCodeAt(lt + 1)
    if (Number.isNaN(kind)) {
      return -1
    }
    if (kind === QUESTION) {
      const end = input.indexOf("?>", lt + 2)
      return end === -1 ? -1 : end + 2
    }
    if (kind === BANG) {
      return this.declaration(input, lt)
    }
    if (kind === SLASH) {
      const end = input.indexOf(">", lt + 2)
      if (end === -1) {
        return -1
      }
      let nameEnd = end
      while (nameEnd > lt + 2 && input.charCodeAt(nameEnd - 1) <= 0x20) {
        nameEnd--
      }
      this.handler.close(input.slice(localNameStart(input, lt + 2, nameEnd), nameEnd))
      return end + 1
    }
    // A start tag ends at the first ">" outside quotes: attribute values may contain ">". The name (up to the first
    // space, "/" or ">") is found on the way, without its namespace prefix.
    let nameStart = lt + 1
    let nameEnd = -1
    let quote = 0
    for (let i = lt + 1; i < input.length; i++) {
      const c = input.charCodeAt(i)
      if (nameEnd === -1) {
        if (c <= 0x20 || c === SLASH || c === GT) {
          nameEnd = i
        } else if (c === COLON) {
          nameStart = i + 1
        }
      }
      if (quote) {
        if (c === quote) {
          quote = 0
        }
      } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        quote = c
      } else if (c === GT) {
        const name = input.slice(nameStart, nameEnd)
        this.handler.open(name, input.slice(lt, i + 1))
        if (input.charCodeAt(i - 1) === SLASH) {
          this.handler.close(name)
        }
        return i + 1
      } else if (c === LT) {
        throw new DamagedFileError("an XML tag contains '<'")
      }
    }
    return -1
  }

  private declaration(input: string, lt: number): number {
    const head = input.slice(lt, lt + 9)
    if (head.startsWith("<!--")) {
      const end = input.indexOf("-->", lt + 4)
      if (end === -1) {
        this.checkOpenRun(input, lt)
        return -1
      }
      if (end - lt - 4 > this.limits.maxText) {
        throw this.limits.textTooLong()
      }
      return end + 3
    }
    if (head.startsWith("<![CDATA[")) {
      const end = input.indexOf("]]>", lt + 9)
      if (end === -1) {
        this.checkOpenRun(input, lt)
        return -1
      }
      if (end - lt - 9 > this.limits.maxText) {
        throw this.limits.textTooLong()
      }
      this.handler.text(input.slice(lt + 9, end), true)
      return end + 3
    }
    if (head.length < 9 && ("<![CDATA[".startsWith(head) || "<!--".startsWith(head))) {
      return -1
    }
    throw new DamagedFileError("the XML has a document type declaration, which spreadsheets never need")
  }

  // Comments and CDATA sections are text as far as memory goes: the same bound applies while they are open.
  private checkOpenRun(input: string, lt: number): void {
    if (input.length - lt > this.limits.maxText + 12) {
      throw this.limits.textTooLong()
    }
  }
}

/** Names are compared without their namespace prefix: writers differ in prefixes (`x:row`), never in local names. */
const localName = (name: string): string => {
  const colon = name.indexOf(":")
  return colon === -1 ? name : name.slice(colon + 1)
}

/** Where the local part of the name [from, to) starts. */
const localNameStart = (input: string, from: number, to: number): number => {
  for (let i = to - 1; i >= from; i--) {
    if (input.charCodeAt(i) === COLON) {
      return i + 1
    }
  }
  return from
}

/**
 * The value of the attribute called `name` (any namespace prefix) in the start tag `tag`, entities not decoded, or
 * undefined. Reads the attributes in order rather than searching the text, so `r` never matches inside `xr:uid`.
 */
export const attribute = (tag: string, name: string): string | undefined => {
  let at = 1
  while (at < tag.length && tag.charCodeAt(at) > 0x20 && tag.charCodeAt(at) !== GT && tag.charCodeAt(at) !== SLASH) {
    at++
  }
  while (at < tag.length) {
    while (at < tag.length && tag.charCodeAt(at) <= 0x20) {
      at++
    }
    const nameStart = at
    while (at < tag.length && tag.charCodeAt(at) !== 0x3d && tag.charCodeAt(at) > 0x20 && tag.charCodeAt(at) !== GT) {
      at++
    }
    const attributeName = tag.slice(nameStart, at)
    const equals = tag.indexOf("=", at)
    if (!attributeName || equals === -1) {
      return undefined
    }
    let open = equals + 1
    while (open < tag.length && tag.charCodeAt(open) <= 0x20) {
      open++
    }
    const quote = tag.charCodeAt(open)
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
      return undefined
    }
    const close = tag.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", open + 1)
    if (close === -1) {
      return undefined
    }
    if (attributeName === name || localName(attributeName) === name) {
      return tag.slice(open + 1, close)
    }
    at = close + 1
  }
  return undefined
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }

/**
 * Text or an attribute value with its character and entity references resolved.
 * @throws DamagedFileError on an unknown entity (XML without a DTD has only the five predefined ones).
 */
export const decodeXmlText = (raw: string): string => {
  if (raw.indexOf("&") === -1) {
    return raw
  }
  return raw.replace(/&([^;&\s]{0,10});?/g, (whole, entity: string) => {
    if (!whole.endsWith(";")) {
      throw new DamagedFileError(`the XML has a bare '&' ("${whole.slice(0, 12)}")`)
    }
    if (entity.startsWith("#")) {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10)
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) {
        throw new DamagedFileError(`the XML has an invalid character reference "${whole}"`)
      }
      return String.fromCodePoint(code)
    }
    const replacement = ENTITIES[entity]
    if (replacement === undefined) {
      throw new DamagedFileError(`the XML has an unknown entity "${whole}"`)
    }
    return replacement
  })
}
