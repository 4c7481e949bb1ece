import type { HttpContext } from '@adonisjs/core/http'
import { adminOverview } from '#services/admin_overview_service'
import { renderAdmin } from './admin_page.js'

/** The admin's landing page: where the brand stands, and where to go next. */
export default class OverviewController {
  async show(ctx: HttpContext) {
    return renderAdmin(ctx, 'overview', { overview: await adminOverview(ctx.tenant) })
  }
}
