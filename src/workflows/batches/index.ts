export * from "./events"
export * from "./workflows/create-generated-batch"
export * from "./workflows/generate-batch-codes"
export * from "./workflows/import-batch"
