import type { HttpContext } from '@adonisjs/core/http'
import liveCalls from '#services/calls/live_calls_service'
import { ok } from '#services/api_envelope'
import { streamCalls } from '#controllers/live_stream'

/** The brand's calls in progress, for its staff: a list, and the same live (SSE). */
export default class AdminLiveCallsController {
  async index(ctx: HttpContext) {
    return ok(await liveCalls.listForStaff(ctx.tenant))
  }

  events(ctx: HttpContext) {
    return streamCalls(ctx, { tenantId: ctx.tenant.id, userId: null })
  }
}
