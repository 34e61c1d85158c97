// Compiles the bench's TypeScript (and the plugin's src) with @swc/core as it is required: ts-node would load the
// TypeScript compiler into the process (~60 MB), which the peak-RSS figure would then wrongly charge to the plugin.
const fs = require("fs")
const { transformSync } = require("@swc/core")

require.extensions[".ts"] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, "utf8"), {
    filename,
    sourceMaps: "inline",
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: "es2021",
    },
    module: { type: "commonjs" },
  })
  module._compile(code, filename)
}
