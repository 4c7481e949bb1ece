import type { HttpContext } from '@adonisjs/core/http'
import { themedView } from '#services/theme_views'
import type { TenantSnapshot } from '#tenants/snapshot'

/** Renders a page through the tenant's theme (its override if it has one). */
export function renderThemed(ctx: HttpContext, name: string, state: Record<string, unknown> = {}) {
  return ctx.view.render(themedView(ctx.tenant.branding.theme, name), state)
}

/**
 * Rendered marketing pages, per tenant snapshot. A public page is the same for every
 * visitor (no session, no user), so it is rendered once per snapshot; a config or domain
 * change replaces the snapshot, and with it this cache, which the WeakMap then lets go.
 */
const publicPages = new WeakMap<TenantSnapshot, Map<string, string>>()

/** Renders a public page once per tenant snapshot and serves the same HTML after that. */
export async function renderPublicPage(ctx: HttpContext, name: string, key: string, state: () => Record<string, unknown>) {
  let pages = publicPages.get(ctx.tenant)
  if (!pages) publicPages.set(ctx.tenant, (pages = new Map()))
  const cacheKey = `${name}|${key}`
  let html = pages.get(cacheKey)
  if (html === undefined) {
    html = await renderThemed(ctx, name, state())
    pages.set(cacheKey, html)
  }
  ctx.response.header('content-type', 'text/html; charset=utf-8')
  return html
}
