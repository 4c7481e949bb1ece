import type { HttpContext } from '@adonisjs/core/http'
import callQueries, { checkRange } from '#services/calls/call_queries'
import { serializeCall } from '#services/calls/cdr_presenter'
import { ok, sendError } from '#services/api_envelope'
import { listCallsValidator } from '#validators/call_rules'

/** The token holder's calls (CDR): list with filters, and one call. Anyone else's id is a 404. */
export default class CallHistoryController {
  async index(ctx: HttpContext) {
    const { page, perPage, userId: _ignored, ...filters } = await listCallsValidator.validate(ctx.request.qs())
    const result = await callQueries.forUser(ctx.tenant, ctx.auth.user!.id, checkRange(filters), page ?? 1, perPage ?? 25)
    const meta = result.getMeta()
    return ok(result.all().map(serializeCall), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  async show(ctx: HttpContext) {
    const call = await callQueries.findForUser(ctx.tenant, ctx.auth.user!.id, ctx.params.id)
    if (!call) return sendError(ctx, 404, 'NOT_FOUND', 'No such call')
    return ok(serializeCall(call))
  }
}
