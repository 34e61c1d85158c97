import Medusa from "@medusajs/js-sdk"

// Inside a plugin the backend URL comes from the host app's admin build (__BACKEND_URL__), not import.meta.env.
const backendUrl = typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"

export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: { type: "session" },
})

/** A relative API path as an absolute URL on the backend (for files the browser downloads). */
export const backendPath = (path: string) => `${backendUrl.replace(/\/$/, "")}${path}`
