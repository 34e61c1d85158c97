const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// Three kinds of tests, chosen by TEST_TYPE (the Medusa app starter's convention):
//   unit                 pure engine code, no database
//   integration:modules  the coupon module against a real Postgres (moduleIntegrationTestRunner)
//   integration:http     the whole app over real HTTP (medusaIntegrationTestRunner)
const testMatch = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
}[process.env.TEST_TYPE || "unit"]

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true, tsx: true },
          transform: { react: { runtime: "automatic" } },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.tmp/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch,
  testTimeout: 120000,
}
