/* The cart page's logic: plain fetch, no framework. See index.html for the query string. */
;(function () {
  const params = new URLSearchParams(location.search)
  const STORE = (params.get("store") || "").replace(/\/+$/, "")
  const KEY = params.get("key") || ""
  const CART_ID = params.get("cart") || ""
  const TOKEN = params.get("token")
  const LOCALE = params.get("locale")
  // The starters' cart read: these fields, nothing more.
  const FIELDS =
    "*items, *region, *items.product, *items.variant, *items.thumbnail, *items.metadata, +items.total, *promotions, +shipping_methods.name"

  const $ = (selector) => document.querySelector(selector)
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue
      if (k === "class") node.className = v
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v)
      else node.setAttribute(k, v === true ? "" : String(v))
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c)
    return node
  }

  let cart = null
  const money = (amount, currency) => {
    const n = Number(amount || 0)
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency: String(currency || "eur").toUpperCase() }).format(n)
    } catch {
      return `${n.toFixed(2)} ${String(currency || "").toUpperCase()}`
    }
  }

  async function call(method, path, body) {
    const headers = { "x-publishable-api-key": KEY }
    if (TOKEN) headers.authorization = `Bearer ${TOKEN}`
    if (LOCALE) headers["x-medusa-locale"] = LOCALE
    if (body) headers["content-type"] = "application/json"
    const res = await fetch(STORE + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
    const json = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(json.message || `${method} ${path} answered ${res.status}`)
    return json
  }
  const retrieveCart = async () =>
    (await call("GET", `/store/carts/${encodeURIComponent(CART_ID)}?fields=${encodeURIComponent(FIELDS)}`)).cart
  /** What the starters send: the cart's codes become exactly this list. */
  const updatePromoCodes = (codes) => call("POST", `/store/carts/${encodeURIComponent(CART_ID)}`, { promo_codes: codes })
  const listedCodes = () => (cart.promotions || []).filter((p) => p.code !== undefined).map((p) => p.code)

  function amountLabel(promotion) {
    const method = promotion.application_method
    if (!method || method.value === undefined || method.currency_code === undefined) return null
    return method.type === "percentage" ? `${method.value}%` : money(method.value, method.currency_code)
  }

  function renderItems() {
    const body = $('[data-testid="cart-items"]')
    const items = [...(cart.items || [])].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))
    body.replaceChildren(
      ...items.map((item) => {
        const reduced = item.original_total !== undefined && Number(item.total) < Number(item.original_total)
        return el(
          "tr",
          { "data-testid": "product-row" },
          el(
            "td",
            {},
            el("div", { class: "item" },
              item.thumbnail
                ? el("img", { class: "thumb", src: item.thumbnail, alt: "" })
                : el("div", { class: "thumb placeholder" }, (item.product_title || item.title || "?").slice(0, 1)),
              el("div", {},
                el("div", { class: "item-title", "data-testid": "product-title" }, item.product_title || item.title),
                item.variant_title ? el("div", { class: "muted small" }, item.variant_title) : null
              )
            )
          ),
          el("td", { class: "num", "data-testid": "product-quantity" }, String(item.quantity)),
          el("td", { class: "num", "data-testid": "product-unit-price" }, money(item.unit_price, cart.currency_code)),
          el(
            "td",
            { class: "num" },
            reduced ? el("s", { class: "muted small" }, money(item.original_total, cart.currency_code)) : null,
            reduced ? " " : null,
            el("span", { class: reduced ? "reduced" : "", "data-testid": "product-price" }, money(item.total, cart.currency_code))
          )
        )
      })
    )
    if (!items.length) body.replaceChildren(el("tr", {}, el("td", { colspan: 4, class: "muted" }, "Your cart is empty")))
  }

  function renderPromotions() {
    const promotions = cart.promotions || []
    const list = $('[data-testid="promotion-list"]')
    $('[data-testid="promotions"]').hidden = promotions.length === 0
    list.replaceChildren(
      ...promotions.map((promotion) => {
        const label = amountLabel(promotion)
        const waiting = promotion.coupon && promotion.coupon.state === "waiting"
        return el(
          "li",
          {
            class: "promotion",
            "data-testid": "discount-row",
            "data-code": promotion.code,
            "data-coupon-state": promotion.coupon ? promotion.coupon.state : null,
          },
          el(
            "div",
            { class: "promotion-line" },
            el(
              "span",
              { class: "promotion-text" },
              el("span", { class: `badge ${promotion.is_automatic ? "badge-green" : "badge-grey"}`, "data-testid": "discount-code" }, promotion.code),
              label ? el("span", { class: "promotion-amount", "data-testid": "discount-amount" }, ` (${label})`) : null
            ),
            promotion.is_automatic
              ? null
              : el(
                  "button",
                  {
                    type: "button",
                    class: "remove",
                    "data-testid": "remove-discount-button",
                    "aria-label": `Remove discount code ${promotion.code} from order`,
                    title: "Remove",
                    onclick: () => remove(promotion.code),
                  },
                  "✕"
                )
          ),
          // Not in the starters: the plugin's extra block says why a held coupon gives no discount right now.
          waiting && promotion.coupon.reason
            ? el("p", { class: "promotion-note", "data-testid": "discount-note" }, promotion.coupon.reason.message)
            : null
        )
      })
    )
  }

  function renderTotals() {
    const c = cart.currency_code
    const row = (label, value, testid, extra) =>
      [el("dt", { class: extra }, label), el("dd", { class: extra, "data-testid": testid, "data-value": value }, money(value, c))]
    const discount = Number(cart.discount_subtotal || 0)
    const rows = [
      ...row("Subtotal (excl. shipping and taxes)", cart.item_subtotal, "cart-subtotal"),
      ...row("Shipping", cart.shipping_subtotal, "cart-shipping"),
    ]
    if (discount) {
      rows.push(
        el("dt", {}, "Discount"),
        el("dd", { class: "discount", "data-testid": "cart-discount", "data-value": discount }, `- ${money(discount, c)}`)
      )
    }
    rows.push(...row("Taxes", cart.tax_total, "cart-taxes"), ...row("Total", cart.total, "cart-total", "grand"))
    $('[data-testid="cart-totals"]').replaceChildren(...rows)
  }

  function render() {
    renderItems()
    renderPromotions()
    renderTotals()
  }

  function showFieldError(message) {
    const p = $('[data-testid="discount-error-message"]')
    p.textContent = message || ""
    p.hidden = !message
  }

  /** Runs one store action, then re-reads the cart (the starters revalidate the same way). */
  async function act(fn) {
    document.body.dataset.state = "busy"
    showFieldError(null)
    try {
      await fn()
    } catch (e) {
      showFieldError(e.message)
    }
    try {
      cart = await retrieveCart()
      render()
    } catch (e) {
      showPageError(e.message)
    }
    document.body.dataset.state = "ready"
  }

  const apply = (code) => act(async () => {
    await updatePromoCodes([...listedCodes(), code])
    $("#promotion-code").value = ""
  })
  const remove = (code) => act(() => updatePromoCodes(listedCodes().filter((c) => c !== code)))

  function showPageError(message) {
    const p = $('[data-testid="page-error"]')
    p.textContent = message
    p.hidden = false
  }

  $('[data-testid="discount-form"]').addEventListener("submit", (event) => {
    event.preventDefault()
    const code = $("#promotion-code").value.trim()
    if (!code || document.body.dataset.state === "busy") return
    apply(code)
  })

  ;(async () => {
    if (!STORE || !KEY || !CART_ID) {
      showPageError("Open this page with ?store=<store URL>&key=<publishable key>&cart=<cart id>")
      document.body.dataset.state = "error"
      return
    }
    try {
      cart = await retrieveCart()
      render()
      document.body.dataset.state = "ready"
    } catch (e) {
      showPageError(e.message)
      document.body.dataset.state = "error"
    }
  })()
})()
