import type { HttpContext } from '@adonisjs/core/http'
import { themedView } from '#services/theme_views'

/** Renders a page through the tenant's theme (its override if it has one). */
export function renderThemed(ctx: HttpContext, name: string, state: Record<string, unknown> = {}) {
  return ctx.view.render(themedView(ctx.tenant.branding.theme, name), state)
}
