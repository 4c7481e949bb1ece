import type { HttpContext } from '@adonisjs/core/http'
import revenue from '#services/money/revenue_service'
import { reportRange } from '#controllers/api/admin_reports_controller'
import { money } from '#services/money/wallet_presenter'
import { ok } from '#services/api_envelope'

/**
 * Money across the platform, per brand and currency: what each brand sold (retail), what the
 * platform charged it (wholesale cost, the platform's revenue) and the brand's margin.
 */
export default class RevenueController {
  async index(ctx: HttpContext) {
    const { start, end } = await reportRange(ctx.request.qs())
    const rows = await revenue.perTenant(start, end)
    return ctx.view.render('pages/platform/revenue', { rows, from: start, to: end })
  }

  async api(ctx: HttpContext) {
    const { start, end } = await reportRange(ctx.request.qs())
    const rows = await revenue.perTenant(start, end)
    return ok(
      rows.map((row) => ({
        tenant: { id: row.tenantId, name: row.tenant, slug: row.slug },
        count: row.count,
        revenue: money(row.revenueMicros, row.currency),
        cost: money(row.costMicros, row.currency),
        margin: money(row.marginMicros, row.currency),
      })),
      { from: start.toISODate(), to: end.toISODate() }
    )
  }
}
