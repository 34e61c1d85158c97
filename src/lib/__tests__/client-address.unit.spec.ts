import { clientAddress, compileTrustedProxies, normalizeAddress } from "../client-address"

const request = (remoteAddress: string | undefined, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  }) as any

describe("clientAddress", () => {
  it("is the TCP peer by default, whatever X-Forwarded-For says", () => {
    expect(clientAddress(request("10.1.2.3", "203.0.113.9"), [])).toBe("10.1.2.3")
    expect(clientAddress(request("10.1.2.3", "203.0.113.9"), undefined)).toBe("10.1.2.3")
    expect(clientAddress(request("10.1.2.3", "::ffff:127.0.0.2, 203.0.113.9"), 0)).toBe("10.1.2.3")
  })

  it("writes IPv4-mapped IPv6 as plain IPv4, so one client has one key", () => {
    expect(clientAddress(request("::ffff:127.0.0.2"), [])).toBe("127.0.0.2")
    expect(normalizeAddress("::FFFF:203.0.113.7")).toBe("203.0.113.7")
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1")
    expect(normalizeAddress("2001:0db8:0000::0001")).toBe("2001:db8::1")
    expect(normalizeAddress(undefined)).toBeNull()
  })

  it("reads X-Forwarded-For from the right, past trusted proxies only (addresses and CIDR ranges)", () => {
    const trusted = ["10.0.0.0/8", "192.0.2.1"]
    // peer 10.0.0.5 (trusted) → 192.0.2.1 (trusted) → 203.0.113.9, the first address no trusted proxy vouches beyond.
    expect(clientAddress(request("10.0.0.5", "198.51.100.1, 203.0.113.9, 192.0.2.1"), trusted)).toBe("203.0.113.9")
    // A peer that is not a trusted proxy is the client, header or not.
    expect(clientAddress(request("203.0.113.50", "198.51.100.1"), trusted)).toBe("203.0.113.50")
    // A trusted proxy reached over a dual-stack socket (IPv4-mapped) is still recognised, and the client normalized.
    expect(clientAddress(request("::ffff:10.0.0.5", "::ffff:198.51.100.4"), trusted)).toBe("198.51.100.4")
    // Named ranges as in Express.
    expect(clientAddress(request("127.0.0.1", "198.51.100.4"), ["loopback"])).toBe("198.51.100.4")
  })

  it("trusts a number of hops", () => {
    const header = "198.51.100.1, 203.0.113.9, 192.0.2.1"
    expect(clientAddress(request("10.0.0.5", header), 1)).toBe("192.0.2.1")
    expect(clientAddress(request("10.0.0.5", header), 2)).toBe("203.0.113.9")
    // More hops than entries: the left-most address.
    expect(clientAddress(request("10.0.0.5", header), 10)).toBe("198.51.100.1")
  })

  it("has no address without a socket peer", () => {
    expect(clientAddress(request(undefined, "198.51.100.1"), 1)).toBeNull()
  })
})

describe("compileTrustedProxies", () => {
  it("refuses what it cannot read, naming it", () => {
    expect(() => compileTrustedProxies(["10.0.0.0/33"])).toThrow(/10\.0\.0\.0\/33/)
    expect(() => compileTrustedProxies(["not-an-address"])).toThrow(/not-an-address/)
    expect(() => compileTrustedProxies(-1)).toThrow("trustedProxies must be a list of addresses / CIDR ranges or a whole number of hops, got -1")
    expect(() => compileTrustedProxies(1.5)).toThrow(/got 1.5/)
  })
})
