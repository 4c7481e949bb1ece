import type { HttpContext } from '@adonisjs/core/http'
import tenantService from '#services/tenant_service'
import platformTenants from '#services/platform_tenant_service'

/** The console's front page: platform-wide counts and the newest brands. */
export default class OverviewController {
  async index({ view }: HttpContext) {
    const [counts, recent] = await Promise.all([tenantService.counts(), platformTenants.recent()])
    return view.render('pages/platform/overview', { counts, recent })
  }
}
