import { defineConfig } from '@adonisjs/shield'

/**
 * Shield guards the form surfaces (portal, admin, platform console) against CSRF. The
 * static security headers (CSP, frame, nosniff, HSTS) are set for every response by
 * app/middleware/secure_headers_middleware.ts instead, since the public site and the API
 * run without a session.
 */
const shieldConfig = defineConfig({
  csp: { enabled: false, directives: {}, reportOnly: false },
  csrf: {
    enabled: true,
    exceptRoutes: (ctx) => ctx.request.url().startsWith('/api/'),
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: false },
  hsts: { enabled: false },
  contentTypeSniffing: { enabled: false },
})

export default shieldConfig
