/**
 * Whether the plugin registers its workflow hook handlers. Hooks are registered while the app imports
 * src/workflows, before any module service exists, so this reads the plugin's options straight from the loaded
 * config: the `plugins` entry of this package (installed stores) or the coupon module entry (this repo's dev app).
 */
import { configManager } from "@medusajs/framework/config"

const PACKAGE_NAME = "medusa-plugin-coupon-batches"

type Entry = { resolve?: unknown; options?: Record<string, unknown> } | string | false | undefined | null

function optionsOf(entry: Entry): Record<string, unknown> | undefined {
  return entry && typeof entry === "object" ? entry.options : undefined
}

function isOurPlugin(entry: Entry): boolean {
  const resolve = typeof entry === "string" ? entry : entry && typeof entry === "object" ? entry.resolve : undefined
  return typeof resolve === "string" && (resolve === PACKAGE_NAME || resolve.startsWith(`${PACKAGE_NAME}/`))
}

function isOurModule(key: string | undefined, entry: Entry): boolean {
  const resolve = entry && typeof entry === "object" ? entry.resolve : undefined
  return key === "coupon" || (typeof resolve === "string" && /(^|[\\/])modules[\\/]coupon$/.test(resolve))
}

/** The `registerHooks` option (default true). A config that cannot be read leaves the hooks on. */
export function couponHooksEnabled(): boolean {
  let config: any
  try {
    config = configManager.config
  } catch {
    return true
  }
  const candidates: (Record<string, unknown> | undefined)[] = []
  for (const plugin of (config?.plugins ?? []) as Entry[]) {
    if (isOurPlugin(plugin)) {
      candidates.push(optionsOf(plugin))
    }
  }
  const modules = config?.modules
  const moduleEntries: [string | undefined, Entry][] = Array.isArray(modules)
    ? modules.map((entry: Entry) => [undefined, entry])
    : Object.entries(modules ?? {}) as [string, Entry][]
  for (const [key, entry] of moduleEntries) {
    if (isOurModule(key, entry)) {
      candidates.push(optionsOf(entry))
    }
  }
  return !candidates.some((options) => options?.registerHooks === false)
}
