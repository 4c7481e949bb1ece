import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import revenue from '#services/money/revenue_service'
import { ok } from '#services/api_envelope'
import { money } from '#services/money/wallet_presenter'

/** The report's window: whole months, the last twelve by default. */
export const reportRangeValidator = vine.create({
  from: vine.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  to: vine.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
})

export async function reportRange(qs: Record<string, any>) {
  const { from, to } = await reportRangeValidator.validate(qs)
  const end = (to ? DateTime.fromFormat(to, 'yyyy-MM', { zone: 'utc' }) : DateTime.utc()).startOf('month').plus({ months: 1 })
  const start = from ? DateTime.fromFormat(from, 'yyyy-MM', { zone: 'utc' }) : end.minus({ months: 12 })
  return { start, end }
}

/** The brand's revenue, wholesale cost and margin by month and category. */
export default class AdminReportsController {
  async revenue(ctx: HttpContext) {
    const { start, end } = await reportRange(ctx.request.qs())
    const rows = await revenue.forTenant(start, end)
    return ok(
      rows.map((row) => ({
        month: row.month,
        category: row.category,
        count: row.count,
        revenue: money(row.revenueMicros, row.currency),
        cost: money(row.costMicros, row.currency),
        margin: money(row.marginMicros, row.currency),
      })),
      { from: start.toISODate(), to: end.toISODate() }
    )
  }
}
