/// <reference types="vite/client" />

// Defined by Medusa's admin bundler in the host app (the backend URL the admin talks to).
declare const __BACKEND_URL__: string | undefined
