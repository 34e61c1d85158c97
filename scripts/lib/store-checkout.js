// The shopper's last call as the multi-process suites (test:cluster, test:faults) fire it at a running app instance:
// POST /store/carts/:id/complete with the store's publishable key.

/** Completes `cartId` at `base`: { status, body } (body null when the answer is not JSON); a network error throws. */
async function completeCart(base, publishableKey, cartId) {
  const res = await fetch(`${base}/store/carts/${cartId}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-publishable-api-key": publishableKey },
    body: "{}",
  })
  let body = null
  try {
    body = await res.json()
  } catch {}
  return { status: res.status, body }
}

module.exports = { completeCart }
