// Talking to a store run by `medusa develop`, which restarts whenever a watched file changes: waiting until it is
// stable, fetch that rides out a restart, and the admin API client (bearer token) the flows set up data with.

/**
 * `medusa develop` restarts whenever a watched file changes (other work on the repo, a file this run writes):
 * wait until /health has answered a few times in a row before a step starts.
 */
async function waitForStableServer(base, timeoutMs = 300000) {
  const start = Date.now()
  let okInARow = 0
  while (okInARow < 3) {
    if (Date.now() - start > timeoutMs) throw new Error("the store did not answer /health")
    try {
      okInARow = (await fetch(`${base}/health`)).status === 200 ? okInARow + 1 : 0
    } catch {
      okInARow = 0
    }
    await new Promise((r) => setTimeout(r, okInARow ? 300 : 1000))
  }
}

/** fetch that rides out a dev-server restart (connection refused) by waiting for it to come back. */
async function fetchRetry(base, url, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init)
    } catch (e) {
      if (attempt >= 5) throw e
      await waitForStableServer(base)
    }
  }
}

async function adminApi(base, creds) {
  await waitForStableServer(base)
  const login = await fetchRetry(base, `${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(creds),
  })
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`)
  const { token } = await login.json()
  return async (method, url, body) => {
    const res = await fetchRetry(base, `${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json().catch(() => ({}))
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${json.message}`)
    return json
  }
}

module.exports = { waitForStableServer, fetchRetry, adminApi }
