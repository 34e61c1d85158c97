import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, generateJwtToken } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"

export type Headers = { headers: Record<string, string> }

/**
 * Creates an admin user with an emailpass identity and returns request headers carrying a JWT signed with the
 * app's own secret (what POST /auth/user/emailpass would return).
 */
export async function createAdminHeaders(
  container: MedusaContainer,
  email = "admin@coupons.test"
): Promise<Headers & { userId: string }> {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const user = await userModule.createUsers({ email, first_name: "Admin", last_name: "Coupons" })
  const identity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: identity.id, app_metadata: { user_id: user.id } },
    { secret: config.projectConfig.http.jwtSecret, expiresIn: "1d" }
  )
  return { userId: user.id, headers: { authorization: `Bearer ${token}` } }
}

/** A sales channel with a publishable API key: the headers every /store call needs. */
export async function createStoreHeaders(
  container: MedusaContainer,
  channelName = "Coupon test store"
): Promise<Headers & { salesChannelId: string; publishableKey: string }> {
  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: channelName }] },
  })
  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: channelName, type: "publishable", created_by: "tests" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
  return {
    salesChannelId: channel.id,
    publishableKey: key.token,
    headers: { "x-publishable-api-key": key.token },
  }
}

/**
 * Store headers for a logged-in customer: an emailpass identity linked to the customer and a customer JWT signed
 * with the app's secret (what POST /auth/customer/emailpass returns after registration), plus the publishable key.
 */
export async function createCustomerHeaders(
  container: MedusaContainer,
  customer: { id: string; email: string },
  store: Headers
): Promise<Headers> {
  const authModule = container.resolve(Modules.AUTH)
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const identity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: customer.email }],
    app_metadata: { customer_id: customer.id },
  })
  const token = generateJwtToken(
    {
      actor_id: customer.id,
      actor_type: "customer",
      auth_identity_id: identity.id,
      app_metadata: { customer_id: customer.id },
    },
    { secret: config.projectConfig.http.jwtSecret, expiresIn: "1d" }
  )
  return { headers: { ...store.headers, authorization: `Bearer ${token}` } }
}
