/**
 * The client address the coupon throttle keys on. Not `req.ip`: Medusa runs Express with `trust proxy = 1`, so
 * `req.ip` is the right-most X-Forwarded-For entry, which any client can write when nothing sits in front of the
 * app (a rotating header would dodge the throttle, and a forged one would lock a victim's address out).
 *
 * Here the TCP peer address decides, unless the store says which proxies may speak for the client (plugin option
 * `trustedProxies`): then X-Forwarded-For is walked from the right past trusted hops only, as Express does with
 * the same setting (proxy-addr is Express' own resolver). IPv4-mapped IPv6 addresses (`::ffff:203.0.113.7`, what a
 * dual-stack socket reports for an IPv4 client) are written as plain IPv4, so one client has one key.
 */
import type { IncomingMessage } from "http"
import ipaddr from "ipaddr.js"
import proxyaddr from "proxy-addr"

export type TrustedProxies = string[] | number

type TrustFn = (address: string, hop: number) => boolean

const compiled = new WeakMap<string[], TrustFn>()

/** Throws a TypeError naming the entry for an address or range proxy-addr cannot read (checked at boot). */
export function compileTrustedProxies(trusted: TrustedProxies | null | undefined): TrustFn {
  if (typeof trusted === "number") {
    if (!Number.isInteger(trusted) || trusted < 0) {
      throw new TypeError(`trustedProxies must be a list of addresses / CIDR ranges or a whole number of hops, got ${trusted}`)
    }
    return (_address, hop) => hop < trusted
  }
  if (!trusted || !trusted.length) {
    return () => false
  }
  let fn = compiled.get(trusted)
  if (!fn) {
    fn = proxyaddr.compile(trusted)
    compiled.set(trusted, fn)
  }
  return fn
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; other addresses in their canonical text; unreadable text as it came. */
export function normalizeAddress(address: string | null | undefined): string | null {
  if (!address) {
    return null
  }
  const trimmed = address.trim()
  if (!ipaddr.isValid(trimmed)) {
    return trimmed || null
  }
  return ipaddr.process(trimmed).toString()
}

export function clientAddress(
  req: Pick<IncomingMessage, "headers" | "socket">,
  trusted: TrustedProxies | null | undefined
): string | null {
  if (!req.socket?.remoteAddress) {
    return null
  }
  return normalizeAddress(proxyaddr(req as IncomingMessage, compileTrustedProxies(trusted)))
}
