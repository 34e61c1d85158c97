// The order page's coupons widget: an order placed through the store API with a code of the promotion shows the
// coupon once order.placed has confirmed its use.

async function orderCouponsFlow({ base, page, step, goto, shot, expectVisible, api, fetchRetry, suffix, name, promotionUrl }) {
  await step("a storefront order placed with a code shows the coupon on the order page", async () => {
    const promotionId = new URL(promotionUrl).pathname.split("/").pop()
    const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50")
    const key = api_keys.find((k) => k.title === "Coupon Demo Store") ?? api_keys[0]
    const storeApi = async (method, url, body) => {
      const res = await fetchRetry(base, `${base}${url}`, {
        method,
        headers: { "x-publishable-api-key": key.token, "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      })
      const json = await res.json().catch(() => ({}))
      if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
      return json
    }
    const { coupons } = await api("GET", `/admin/coupon-promotions/${promotionId}/coupons?state=unassigned&limit=1`)
    const code = coupons[0].code
    const { regions } = await storeApi("GET", "/store/regions")
    const region = regions.find((r) => r.currency_code === "eur") ?? regions[0]
    const { products } = await storeApi("GET", `/store/products?region_id=${region.id}&fields=*variants&limit=1`)
    let { cart } = await storeApi("POST", "/store/carts", {
      region_id: region.id,
      email: `shopper-${suffix.toLowerCase()}@example.com`,
      items: [{ variant_id: products[0].variants[0].id, quantity: 2 }],
      shipping_address: { first_name: "Ada", last_name: "Shopper", address_1: "Hauptstr. 1", city: "Berlin", postal_code: "10115", country_code: "de" },
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
    const orderId = completed.order.id
    // The use is confirmed with the order id by the order.placed subscriber, a moment after completion.
    const deadline = Date.now() + 60000
    for (;;) {
      const { redemptions } = await api("GET", `/admin/orders/${orderId}/coupons`)
      if (redemptions.length) break
      if (Date.now() > deadline) throw new Error("the order's coupon use was never confirmed")
      await page.waitForTimeout(1000)
    }
    await goto(`${base}/app/orders/${orderId}`)
    const widget = page.getByTestId("order-coupons")
    await expectVisible(widget.getByText(code))
    await expectVisible(widget.getByText(name))
    await widget.scrollIntoViewIfNeeded()
    await shot("order-coupons-widget", widget)
  })
}

module.exports = { orderCouponsFlow }
