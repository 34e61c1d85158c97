// Orders placed through the store API (the demo store's publishable key, its EUR region, a German address), for the
// steps that need a coupon code used: the order page's coupons widget, the promotion's use counters.
const { fetchRetry } = require("./dev-server")

/** A store API client with the demo store's publishable key (found through the admin API). */
async function storeClient(base, api) {
  const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50")
  const key = api_keys.find((k) => k.title === "Coupon Demo Store") ?? api_keys[0]
  return async (method, url, body) => {
    const res = await fetchRetry(base, `${base}${url}`, {
      method,
      headers: { "x-publishable-api-key": key.token, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json().catch(() => ({}))
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
    return json
  }
}

/**
 * A cart with `quantity` of the product (`handle`, else the first one), the coupon `code`, shipping and the system
 * payment, completed. Checks that the code gave a discount; returns the cart as priced before completion and the order.
 */
async function placeOrderWithCode(storeApi, { code, email, handle, quantity = 1 }) {
  const { regions } = await storeApi("GET", "/store/regions")
  const region = regions.find((r) => r.currency_code === "eur") ?? regions[0]
  const filter = handle ? `&handle=${encodeURIComponent(handle)}` : ""
  const { products } = await storeApi("GET", `/store/products?region_id=${region.id}&fields=*variants&limit=1${filter}`)
  if (!products.length) throw new Error(`no product ${handle ?? ""} in the store`)
  let { cart } = await storeApi("POST", "/store/carts", {
    region_id: region.id,
    email,
    items: [{ variant_id: products[0].variants[0].id, quantity }],
    shipping_address: {
      first_name: "Ada",
      last_name: "Shopper",
      address_1: "Hauptstr. 1",
      city: "Berlin",
      postal_code: "10115",
      country_code: "de",
    },
  })
  ;({ cart } = await storeApi("POST", `/store/carts/${cart.id}/coupons`, { code }))
  if (!(Number(cart.discount_total) > 0)) throw new Error(`the code gave no discount: ${JSON.stringify(cart.discount_total)}`)
  const { shipping_options } = await storeApi("GET", `/store/shipping-options?cart_id=${cart.id}`)
  await storeApi("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id })
  const { payment_collection } = await storeApi("POST", "/store/payment-collections", { cart_id: cart.id })
  await storeApi("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  const completed = await storeApi("POST", `/store/carts/${cart.id}/complete`)
  if (completed.type !== "order") throw new Error(`completion answered ${JSON.stringify(completed).slice(0, 300)}`)
  return { cart, order: completed.order }
}

module.exports = { storeClient, placeOrderWithCode }
