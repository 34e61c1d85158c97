import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { DEMO_CHANNEL_NAME, seedDemoStore } from "./demo-store"

export const DEMO_ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL || "admin@coupons.local",
  password: process.env.DEMO_ADMIN_PASSWORD || "coupons-demo",
}

/** `medusa exec ./dev/seed.ts`: seeds the demo store once; later runs only print what exists. */
export default async function seed({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: channels } = await query.graph({
    entity: "sales_channel",
    fields: ["id", "publishable_api_keys.token"],
    filters: { name: DEMO_CHANNEL_NAME },
  })

  let publishableKey: string
  if (channels.length) {
    publishableKey = (channels[0] as any).publishable_api_keys?.[0]?.token
    logger.info("Demo store already seeded.")
  } else {
    const demo = await seedDemoStore(container)
    publishableKey = demo.publishableKey
    const auth = container.resolve(Modules.AUTH)
    const {
      result: [user],
    } = await createUsersWorkflow(container).run({ input: { users: [{ email: DEMO_ADMIN.email }] } })
    const { authIdentity, error } = await auth.register("emailpass", {
      body: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
    } as any)
    if (error || !authIdentity) {
      throw new Error(`Could not create the demo admin: ${error}`)
    }
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
    logger.info("Demo store seeded.")
  }

  // Machine-readable line for scripts/dev.js, which prints the summary.
  console.log(`DEMO_STORE ${JSON.stringify({ ...DEMO_ADMIN, publishableKey })}`)
}
