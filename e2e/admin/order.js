// The order page's coupons widget: an order placed through the store API with a code of the promotion shows the
// coupon once order.placed has confirmed its use.
const { placeOrderWithCode, storeClient } = require("./store-order")

async function orderCouponsFlow({ base, page, step, goto, shot, expectVisible, api, suffix, name, promotionUrl }) {
  await step("a storefront order placed with a code shows the coupon on the order page", async () => {
    const promotionId = new URL(promotionUrl).pathname.split("/").pop()
    const storeApi = await storeClient(base, api)
    const { coupons } = await api("GET", `/admin/coupon-promotions/${promotionId}/coupons?state=unassigned&limit=1`)
    const code = coupons[0].code
    const { order } = await placeOrderWithCode(storeApi, {
      code,
      email: `shopper-${suffix.toLowerCase()}@example.com`,
      quantity: 2,
    })
    const orderId = order.id
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
