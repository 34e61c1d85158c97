export * from "./errors"
export * from "./codes"
export * from "./code-file"
export * from "./csv-out"
