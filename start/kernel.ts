import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

/** Runs on every request, matched route or not: headers, static files, tenant resolution. */
server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/secure_headers_middleware'),
  () => import('#middleware/static_files_middleware'),
  () => import('#middleware/tenancy_middleware'),
])

/** Runs on every matched route; all of it is cheap (no session, no I/O). */
router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

/**
 * `session` and `csrf` go on the surfaces with forms and sign-in (portal, admin, platform
 * console), in that order. The public site and the token API run without a session.
 */
export const middleware = router.named({
  session: () => import('@adonisjs/session/session_middleware'),
  csrf: () => import('@adonisjs/shield/shield_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  staff: () => import('#middleware/staff_middleware'),
  feature: () => import('#middleware/feature_middleware'),
  forceJson: () => import('#middleware/force_json_middleware'),
  idempotency: () => import('#middleware/idempotency_middleware'),
  switchAuth: () => import('#middleware/switch_auth_middleware'),
})
