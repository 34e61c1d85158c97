// The plugin ships compiled JavaScript, so the bench's plugin process runs compiled JavaScript too: src/ and
// bench/plugin-bench.ts are transpiled with @swc/core into .tmp/bench-js/ (same layout, so relative imports and
// node_modules resolve as in the repo) before the child starts. Compiling on the fly in the child would load
// @swc/core's native binding (~30 MB) into the process whose peak RSS is the plugin's figure.
const fs = require("fs")
const path = require("path")
const { transformFileSync } = require("@swc/core")

const ROOT = path.resolve(__dirname, "..")
const OUT = path.join(ROOT, ".tmp", "bench-js")

function* tsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      // Admin screens and tests are not part of what the plugin process loads.
      if (entry.name !== "admin" && entry.name !== "__tests__") yield* tsFiles(full)
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      yield full
    }
  }
}

/** Transpiles and returns the path of the compiled entry (`bench/plugin-bench.js`). */
function compileBench() {
  fs.rmSync(OUT, { recursive: true, force: true })
  const files = [...tsFiles(path.join(ROOT, "src")), path.join(ROOT, "bench", "plugin-bench.ts")]
  for (const file of files) {
    const { code } = transformFileSync(file, {
      jsc: {
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: "es2021",
      },
      module: { type: "commonjs" },
    })
    const target = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, ".js")
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, code)
  }
  return path.join(OUT, "bench", "plugin-bench.js")
}

module.exports = { compileBench }
