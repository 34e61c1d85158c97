// Each test file boots its own MikroORM; stale entity metadata from a previous file breaks the next one.
const { MetadataStorage } = require("@mikro-orm/core")

MetadataStorage.clear()
