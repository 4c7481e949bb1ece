import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import { CALL_STATUSES } from '#models/call'
import callQueries from '#services/calls/call_queries'
import { dialerState } from '#services/calls/dialer_state'
import { listCallsValidator } from '#validators/call_rules'

const PER_PAGE = 25

/** The portal's calls page: the dialer, then the user's calls, newest first, filtered by direction, status and dates. */
export default class CallHistoryController {
  /** Filters that do not parse are dropped rather than answered with an error page. */
  async index(ctx: HttpContext) {
    const [, query] = await listCallsValidator.tryValidate(ctx.request.qs())
    const filters = { direction: query?.direction, status: query?.status, from: query?.from, to: query?.to }
    const [page, dialer] = await Promise.all([
      callQueries.forUser(ctx.tenant, ctx.auth.user!.id, filters, query?.page ?? 1, PER_PAGE),
      dialerState(ctx.tenant, ctx.auth.user!.id),
    ])
    const search = new URLSearchParams(Object.entries(filters).filter((pair): pair is [string, string] => Boolean(pair[1])))
    return renderThemed(ctx, 'pages/portal/calls/index', {
      calls: page.all(),
      meta: page.getMeta(),
      filters,
      search: search.toString(),
      statuses: CALL_STATUSES,
      dialer,
    })
  }
}
