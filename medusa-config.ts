import { loadEnv, defineConfig } from "@medusajs/framework/utils"
import { COUPON_MESSAGES_DE } from "./dev/coupon-messages-de"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Runs the plugin's own src/ as a Medusa app (dev store, demos, tests). Not shipped in the package.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    // test:cluster runs one "server" and one "shared" instance (jobs and subscribers run on the shared one).
    ...(process.env.MEDUSA_WORKER_MODE
      ? { workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" }
      : {}),
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.ADMIN_DISABLED === "true",
  },
  // The official loyalty plugin (gift cards, store credit) holds several cart/order workflow hooks: running next to
  // it proves ours do not clash and that a native promotion, a coupon and a gift card add up on one cart.
  plugins: [{ resolve: "@medusajs/loyalty-plugin", options: {} }],
  modules: [
    {
      resolve: "./src/modules/coupon",
      options: {
        // Extra events assignment rules may fire on, comma-separated (customer.created and order.placed always).
        assignmentRuleEvents: (process.env.COUPON_ASSIGNMENT_RULE_EVENTS ?? "").split(",").filter(Boolean),
        // Tests and benches lower these to exercise background generation and the upload limit.
        ...(process.env.COUPON_BACKGROUND_THRESHOLD
          ? { backgroundThreshold: Number(process.env.COUPON_BACKGROUND_THRESHOLD) }
          : {}),
        ...(process.env.COUPON_IMPORT_MAX_BYTES ? { importMaxBytes: Number(process.env.COUPON_IMPORT_MAX_BYTES) } : {}),
        // test:faults lowers it so the settling job shows within the suite's time (fractions of a minute allowed).
        ...(process.env.COUPON_RESERVATION_TIMEOUT_MINUTES
          ? { reservationTimeoutMinutes: Number(process.env.COUPON_RESERVATION_TIMEOUT_MINUTES) }
          : {}),
        ...(process.env.COUPON_IMPORT_MAX_ROWS
          ? { importLimits: { maxRows: Number(process.env.COUPON_IMPORT_MAX_ROWS) } }
          : {}),
        // integration-tests/http/max-coupons.spec.ts: the store-wide stacking limit.
        ...(process.env.COUPON_MAX_COUPONS_PER_CART
          ? { maxCouponsPerCart: Number(process.env.COUPON_MAX_COUPONS_PER_CART) }
          : {}),
        // Shopper texts in German for carts and requests in a "de" locale (README "Refusal codes").
        messages: COUPON_MESSAGES_DE,
        // integration-tests/http/hooks-off.spec.ts: the app registers its own cart hook handler instead.
        ...(process.env.COUPON_REGISTER_HOOKS === "false" ? { registerHooks: false } : {}),
      },
    },
    // npm run test:cluster: several app instances on one Postgres share Medusa's Redis event bus, locking and
    // workflow engine, as a multi-instance store would run.
    ...(process.env.COUPON_CLUSTER === "true"
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: process.env.REDIS_URL } },
          { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: process.env.REDIS_URL } } },
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [
                {
                  resolve: "@medusajs/medusa/locking-redis",
                  id: "locking-redis",
                  is_default: true,
                  options: { redisUrl: process.env.REDIS_URL },
                },
              ],
            },
          },
        ]
      : []),
    // "Coupon given" emails go through the Notification module; the local provider only logs them (dev, tests).
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { channels: ["email"] },
          },
        ],
      },
    },
  ],
})
