import type { HttpContext } from '@adonisjs/core/http'
import revenue from '#services/money/revenue_service'
import { reportRange } from '#controllers/api/admin_reports_controller'
import { renderAdmin } from './admin_page.js'

/** The brand's revenue, its wholesale cost and margin, month by month. */
export default class RevenueController {
  async index(ctx: HttpContext) {
    const { start, end } = await reportRange({})
    const rows = await revenue.forTenant(start, end)
    const totals = rows.reduce(
      (sum, row) => ({ revenue: sum.revenue + row.revenueMicros, cost: sum.cost + row.costMicros, margin: sum.margin + row.marginMicros }),
      { revenue: 0, cost: 0, margin: 0 }
    )
    return renderAdmin(ctx, 'revenue', { rows, totals, currency: ctx.tenant.config.pricing.currency, from: start, to: end })
  }
}
