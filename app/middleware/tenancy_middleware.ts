import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import tenancy from '#tenants/main'
import { normalizeHost } from '#tenants/host'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { isApiRequest, sendError } from '#services/api_envelope'

/**
 * Step one of every request: Host (or X-Forwarded-Host from a trusted proxy only) ->
 * the platform surface, a tenant, or a 404 that names nobody. A suspended tenant gets a
 * branded 503 page or a 403 TENANT_SUSPENDED on the API. The rest of the request runs
 * inside the tenant's AsyncLocalStorage context.
 */
export default class TenancyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.url() === '/healthz') return next()
    const host = normalizeHost(ctx.request.host())
    const resolution = host ? await tenancy.resolver.resolve(host) : null
    if (!host || !resolution) return this.#unknownHost(ctx)

    /** The router matches domains on this header: give it the canonical host (and keep the port for redirects). */
    const port = /:(\d{1,5})$/.exec(ctx.request.host() ?? '')?.[1]
    ctx.request.request.headers.host = port ? `${host}:${port}` : host
    delete ctx.request.request.headers['x-forwarded-host']

    if (resolution.kind === 'platform') {
      ctx.surface = 'platform'
      return next()
    }
    ctx.surface = 'tenant'
    ctx.tenant = resolution.tenant
    ctx.logger = ctx.logger.child({ tenant: resolution.tenant.slug })
    if (resolution.tenant.status === 'suspended') return this.#suspended(ctx, resolution.tenant)
    return runForTenant(resolution.tenant, () => next())
  }

  #unknownHost(ctx: HttpContext) {
    if (isApiRequest(ctx)) return sendError(ctx, 404, 'UNKNOWN_HOST', 'No site is served on this host')
    ctx.response.status(404).header('content-type', 'text/html; charset=utf-8')
    return ctx.response.send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>' +
        '<body style="font-family:sans-serif;text-align:center;padding:4rem">' +
        '<h1>Not found</h1><p>No site is served on this address.</p></body></html>'
    )
  }

  async #suspended(ctx: HttpContext, tenant: TenantSnapshot) {
    if (isApiRequest(ctx)) {
      return sendError(ctx, 403, 'TENANT_SUSPENDED', `${tenant.branding.appName} is temporarily unavailable`)
    }
    const html = await ctx.view.render('pages/errors/suspended', { brand: tenant.branding })
    return ctx.response.status(503).header('retry-after', '3600').send(html)
  }
}

declare module '@adonisjs/core/http' {
  interface HttpContext {
    /** Which surface the host belongs to. */
    surface: 'tenant' | 'platform'
    /** The tenant of a tenant-surface request (never set on the platform host). */
    tenant: TenantSnapshot
  }
}
