import type { HttpContext } from '@adonisjs/core/http'
import callQueries, { checkRange } from '#services/calls/call_queries'
import { serializeCdr } from '#services/calls/cdr_presenter'
import { ok } from '#services/api_envelope'
import { sendCdrCsv } from '#controllers/cdr_csv_response'
import { listCallsValidator } from '#validators/call_rules'

/** The brand's CDR for its staff: every user's calls with cost and margin, and a CSV export. */
export default class AdminCallsController {
  async index(ctx: HttpContext) {
    const { page, perPage, ...filters } = await listCallsValidator.validate(ctx.request.qs())
    const { calls, emails } = await callQueries.forBrand(ctx.tenant, checkRange(filters), page ?? 1, perPage ?? 50)
    const meta = calls.getMeta()
    const data = calls.all().map((call) => serializeCdr(call, call.userId === null ? null : (emails.get(call.userId) ?? null)))
    return ok(data, { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  async export(ctx: HttpContext) {
    const { page: _page, perPage: _perPage, ...filters } = await listCallsValidator.validate(ctx.request.qs())
    return sendCdrCsv(ctx, checkRange(filters))
  }
}
