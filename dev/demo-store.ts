import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCollectionsWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export const DEMO_CHANNEL_NAME = "Coupon Demo Store"
export const DEMO_TAX_RATE = 20

export type DemoStore = {
  region: { id: string; currency_code: string }
  salesChannelId: string
  publishableKey: string
  shippingOptionId: string
  collectionId: string
  categoryId: string
  products: { id: string; title: string; variantId: string; price: number }[]
}

/**
 * A small but complete store: EUR region with a 20% tax rate, a sales channel with its publishable key, a stock
 * location with a flat-rate shipping option, and products in a collection and a category. Used by `npm run dev`
 * and by the HTTP tests, so checkout tests run against what a store owner would have.
 */
export async function seedDemoStore(container: MedusaContainer): Promise<DemoStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const storeModule = container.resolve(Modules.STORE)

  const {
    result: [channel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: DEMO_CHANNEL_NAME, description: "Demo store for the coupon plugin" }] },
  })

  const [store] = await storeModule.listStores()
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
        ],
        default_sales_channel_id: channel.id,
      },
    },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Europe",
          currency_code: "eur",
          countries: ["de", "fr", "nl"],
          payment_providers: ["pp_system_default"],
          automatic_taxes: true,
        },
      ],
    },
  })
  await createTaxRegionsWorkflow(container).run({
    input: ["de", "fr", "nl"].map((country_code) => ({
      country_code,
      provider_id: "tp_system",
      default_tax_rate: { rate: DEMO_TAX_RATE, code: "VAT", name: "VAT" },
    })),
  })

  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Main warehouse", address: { city: "Berlin", country_code: "DE", address_1: "" } }] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [channel.id] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  const {
    result: [profile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Main warehouse delivery",
    type: "shipping",
    service_zones: [
      {
        name: "Europe",
        geo_zones: ["de", "fr", "nl"].map((country_code) => ({ country_code, type: "country" as const })),
      },
    ],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  const {
    result: [shippingOption],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard shipping",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "2-3 days", code: "standard" },
        prices: [
          { currency_code: "eur", amount: 5 },
          { region_id: region.id, amount: 5 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: DEMO_CHANNEL_NAME, type: "publishable", created_by: "demo-seed" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })

  const {
    result: [collection],
  } = await createCollectionsWorkflow(container).run({
    input: { collections: [{ title: "Winter", handle: "winter" }] },
  })
  const {
    result: [category],
  } = await createProductCategoriesWorkflow(container).run({
    input: { product_categories: [{ name: "Accessories", handle: "accessories", is_active: true }] },
  })

  const catalog = [
    { title: "Wool Sweater", handle: "wool-sweater", price: 80, collection_id: collection.id, category_ids: [] },
    { title: "Knit Scarf", handle: "knit-scarf", price: 25, collection_id: collection.id, category_ids: [category.id] },
    { title: "Leather Belt", handle: "leather-belt", price: 40, collection_id: undefined, category_ids: [category.id] },
    { title: "Cotton T-Shirt", handle: "cotton-t-shirt", price: 15, collection_id: undefined, category_ids: [] },
  ]
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: catalog.map((p) => ({
        title: p.title,
        handle: p.handle,
        status: ProductStatus.PUBLISHED,
        collection_id: p.collection_id,
        category_ids: p.category_ids,
        shipping_profile_id: profile.id,
        options: [{ title: "Size", values: ["One size"] }],
        variants: [
          {
            title: "One size",
            sku: p.handle.toUpperCase(),
            options: { Size: "One size" },
            manage_inventory: false,
            prices: [
              { amount: p.price, currency_code: "eur" },
              { amount: p.price, currency_code: "usd" },
            ],
          },
        ],
        sales_channels: [{ id: channel.id }],
      })),
    },
  })

  return {
    region: { id: region.id, currency_code: region.currency_code },
    salesChannelId: channel.id,
    publishableKey: key.token,
    shippingOptionId: shippingOption.id,
    collectionId: collection.id,
    categoryId: category.id,
    products: products.map((p, i) => ({
      id: p.id,
      title: p.title,
      variantId: p.variants[0].id,
      price: catalog[i].price,
    })),
  }
}
