/* eslint-disable no-console */
// Issue 14: coupons in cart.promotions, seen through a storefront. e2e/storefront/ is a small cart page (plain HTML
// and fetch) that reads and updates the cart exactly as Medusa's Next.js starter and dtc-starter do: GET with their
// field list, codes listed from cart.promotions (code, "10%" or a money amount, a remove button unless automatic),
// apply/remove by re-sending the whole promo_codes list, and the same totals rows. Run by admin.e2e.js with its
// browser page and step/screenshot helpers; scripts/e2e.js serves the page and lists its origin in STORE_CORS.

const DE_ADDRESS = {
  first_name: "Erika",
  last_name: "Muster",
  address_1: "Hauptstr. 1",
  city: "Berlin",
  postal_code: "10115",
  country_code: "de",
}

/**
 * @param ctx { base, storefront: { url(query) }, api (admin), page, step, shot, expectVisible, fetchRetry, suffix }
 */
async function storefrontSteps({ base, storefront, api, page, step, shot, expectVisible, fetchRetry, suffix }) {
  let code // a generated code of a 10% promotion-code coupon promotion
  let waitingCode // a code of "15 EUR off from 100 EUR", held by the cart while it is below 100
  let nativeCode // a native Medusa promotion, 10% off items
  let cartId
  let key

  const storeApi = async (method, url, body) => {
    const res = await fetchRetry(base, `${base}${url}`, {
      method,
      headers: { "x-publishable-api-key": key, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json().catch(() => ({}))
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
    return json
  }
  const couponPromotionWithOneCode = async (body, pattern) => {
    const { coupon_promotion } = await api("POST", "/admin/coupon-promotions", {
      coupon_type: "promotion_code",
      ...body,
    })
    await api("POST", `/admin/coupon-promotions/${coupon_promotion.id}/batches`, { generate: { count: 1, pattern } })
    const { coupons } = await api("GET", `/admin/coupon-promotions/${coupon_promotion.id}/coupons?limit=1`)
    if (!coupons.length) throw new Error(`no code was generated for ${body.custom_id}`)
    return coupons[0].code
  }

  const row = (c) => page.locator(`[data-testid="discount-row"][data-code="${c}"]`)
  const rows = page.locator('[data-testid="discount-row"]')
  const total = (id) => page.getByTestId(id).getAttribute("data-value").then(Number)
  const totals = async () => ({
    subtotal: await total("cart-subtotal"),
    shipping: await total("cart-shipping"),
    discount: (await page.getByTestId("cart-discount").count()) ? await total("cart-discount") : 0,
    taxes: await total("cart-taxes"),
    total: await total("cart-total"),
  })
  const same = (got, want, what) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
    }
  }
  /** Types a code and clicks Apply, as a shopper does, then waits for the page to re-read the cart. */
  const applyCode = async (c) => {
    await page.getByTestId("discount-input").fill(c)
    await page.getByTestId("discount-apply-button").click()
    await page.waitForFunction(() => document.body.dataset.state === "ready")
    const error = page.getByTestId("discount-error-message")
    if (await error.isVisible()) throw new Error(`applying ${c} showed: ${await error.innerText()}`)
  }
  const listed = async () =>
    (await rows.evaluateAll((lis) => lis.map((li) => li.dataset.code))).sort()

  await step("storefront: a cart page reads the cart like the Next.js starter and lists a waiting coupon", async () => {
    code = await couponPromotionWithOneCode(
      { custom_id: `SF10-${suffix}`, name: `Storefront 10% ${suffix}`, discount_type: "percentage", discount_value: 10 },
      "SF-####-####"
    )
    waitingCode = await couponPromotionWithOneCode(
      {
        custom_id: `SFMIN-${suffix}`,
        name: `Storefront 15 EUR from 100 EUR ${suffix}`,
        discount_type: "fixed",
        discount_value: 15,
        currency_code: "eur",
        min_purchase: 100,
      },
      "MIN-####-####"
    )
    nativeCode = `NATIVE10-${suffix}`
    await api("POST", "/admin/promotions", {
      code: nativeCode,
      type: "standard",
      status: "active",
      is_automatic: false,
      application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10, currency_code: "eur" },
    })

    const { api_keys } = await api("GET", "/admin/api-keys?type=publishable&limit=50")
    key = (api_keys.find((k) => k.title === "Coupon Demo Store") ?? api_keys[0]).token
    const { regions } = await storeApi("GET", "/store/regions")
    const region = regions.find((r) => r.currency_code === "eur") ?? regions[0]
    const variant = async (handle) => {
      const { products } = await storeApi("GET", `/store/products?handle=${handle}&region_id=${region.id}&fields=*variants`)
      if (!products.length) throw new Error(`the demo store has no product ${handle}`)
      return products[0].variants[0].id
    }
    // A guest cart at 80 + 25 = 105 EUR takes the "from 100 EUR" code; without the scarf (80 EUR) the cart keeps it
    // as waiting.
    let { cart } = await storeApi("POST", "/store/carts", {
      region_id: region.id,
      items: [
        { variant_id: await variant("wool-sweater"), quantity: 1 },
        { variant_id: await variant("knit-scarf"), quantity: 1 },
      ],
      shipping_address: DE_ADDRESS,
    })
    cartId = cart.id
    const { shipping_options } = await storeApi("GET", `/store/shipping-options?cart_id=${cartId}`)
    await storeApi("POST", `/store/carts/${cartId}/shipping-methods`, { option_id: shipping_options[0].id })
    ;({ cart } = await storeApi("POST", `/store/carts/${cartId}/coupons`, { code: waitingCode }))
    const scarf = cart.items.find((i) => i.product_handle === "knit-scarf" || /scarf/i.test(i.title))
    await storeApi("DELETE", `/store/carts/${cartId}/line-items/${scarf.id}`)

    await page.goto(storefront.url({ store: base, key, cart: cartId }))
    await page.waitForFunction(() => document.body.dataset.state !== "loading")
    const pageError = page.getByTestId("page-error")
    if (await pageError.isVisible()) throw new Error(`the page says: ${await pageError.innerText()}`)
    await expectVisible(page.getByTestId("product-title").getByText("Wool Sweater"))
    same(await page.getByTestId("product-quantity").allInnerTexts(), ["1"], "quantities")
    same(await listed(), [waitingCode], "listed codes")
    const waiting = row(waitingCode)
    same(await waiting.getAttribute("data-coupon-state"), "waiting", "the held code's state")
    same((await waiting.getByTestId("discount-amount").innerText()).trim(), "(€15.00)", "its amount label")
    same(await waiting.getByTestId("discount-note").innerText(), "Add 20.00 EUR more to use this coupon", "its note")
    if (await page.getByTestId("cart-discount").count()) throw new Error("a Discount row while no code discounts")
    same(await totals(), { subtotal: 80, shipping: 5, discount: 0, taxes: 17, total: 102 }, "totals")
  })

  await step("storefront: a coupon typed into the promo field is listed as 10% with a remove button", async () => {
    await applyCode(code.toLowerCase()) // typed in lower case: the listed code is the stored one
    await expectVisible(row(code))
    same((await row(code).getByTestId("discount-amount").innerText()).trim(), "(10%)", "the coupon's amount label")
    await expectVisible(row(code).getByTestId("remove-discount-button"))
    same(await row(code).locator(".badge-grey").count(), 1, "grey badge (not automatic)")
    same(await listed(), [code, waitingCode].sort(), "listed codes")
    await expectVisible(page.getByTestId("cart-discount"))
    same(await page.getByTestId("cart-discount").innerText(), "- €8.00", "the Discount row")
    same(await totals(), { subtotal: 80, shipping: 5, discount: 8, taxes: 15.4, total: 92.4 }, "totals")
  })

  await step("storefront: a native code next to it, both listed with the waiting one", async () => {
    await applyCode(nativeCode)
    await expectVisible(row(nativeCode))
    same((await row(nativeCode).getByTestId("discount-amount").innerText()).trim(), "(10%)", "the native code's label")
    await expectVisible(row(nativeCode).getByTestId("remove-discount-button"))
    same(await listed(), [code, nativeCode, waitingCode].sort(), "listed codes")
    same(await row(code).getAttribute("data-coupon-state"), "applied", "the coupon's state")
    same(await row(waitingCode).getAttribute("data-coupon-state"), "waiting", "the held code's state")
    same(await totals(), { subtotal: 80, shipping: 5, discount: 15.2, taxes: 13.96, total: 83.76 }, "totals")
    await shot("storefront-cart-promotions", page.locator("main"))
  })

  await step("storefront: the coupon's remove button takes it off, the native code stays, totals follow", async () => {
    const before = await totals()
    await row(code).getByTestId("remove-discount-button").click()
    await row(code).waitFor({ state: "detached" })
    await page.waitForFunction(() => document.body.dataset.state === "ready")
    same(await listed(), [nativeCode, waitingCode].sort(), "listed codes")
    const after = await totals()
    if (after.total === before.total) throw new Error(`the total did not change: ${JSON.stringify(after)}`)
    same(after, { subtotal: 80, shipping: 5, discount: 8, taxes: 15.4, total: 92.4 }, "totals")
    // What the store holds, not just what the page shows.
    const { cart } = await storeApi("GET", `/store/carts/${cartId}?fields=*promotions`)
    same(cart.promotions.map((p) => p.code).sort(), [nativeCode, waitingCode].sort(), "cart.promotions in the store")
  })
}

module.exports = { storefrontSteps }
