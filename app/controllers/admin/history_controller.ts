import type { HttpContext } from '@adonisjs/core/http'
import tenancy from '#tenants/main'
import { actor, authorizeChange, notFound, renderAdmin } from './admin_page.js'

/** Every saved config version, and a way back to any of them. */
export default class HistoryController {
  async index(ctx: HttpContext) {
    const versions = await tenancy.configs.history(ctx.tenant)
    return renderAdmin(ctx, 'history', { versions, current: versions[0]?.version ?? 0 })
  }

  /** Rolling back saves the old document as a new version; history is never rewritten. */
  async rollback(ctx: HttpContext) {
    await authorizeChange(ctx)
    const version = Number(ctx.params.version)
    const restored = await tenancy.configs.rollback(ctx.tenant, version, actor(ctx).email)
    if (!restored) return notFound(ctx)
    ctx.session.flash('success', `Version ${version} is live again, saved as version ${restored.version}.`)
    return ctx.response.redirect().toRoute('admin.history.index')
  }
}
