// The e2e storefront page (index.html, cart.js, cart.css) served on 127.0.0.1, so the browser calls the store from
// another origin exactly as a real storefront does (the store must list this origin in STORE_CORS).
const fs = require("fs")
const http = require("http")
const path = require("path")

const FILES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/index.html": ["index.html", "text/html; charset=utf-8"],
  "/cart.js": ["cart.js", "text/javascript; charset=utf-8"],
  "/cart.css": ["cart.css", "text/css; charset=utf-8"],
}

/** Starts the page server on `port` (0: any free port). Resolves to { origin, url(query), close() }. */
function startStorefrontServer(port = 0) {
  const server = http.createServer((req, res) => {
    const file = FILES[new URL(req.url, "http://x").pathname]
    if (req.method !== "GET" || !file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found")
      return
    }
    res.writeHead(200, { "content-type": file[1], "cache-control": "no-store" })
    res.end(fs.readFileSync(path.join(__dirname, file[0])))
  })
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      const origin = `http://127.0.0.1:${server.address().port}`
      resolve({
        origin,
        url: (query) => `${origin}/?${new URLSearchParams(query)}`,
        close: () =>
          new Promise((r) => {
            server.close(() => r())
            server.closeAllConnections()
          }),
      })
    })
  })
}

module.exports = { startStorefrontServer }
