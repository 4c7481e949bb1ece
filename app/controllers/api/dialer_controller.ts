import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import clickToCall from '#services/calls/click_to_call_service'
import { presentCall } from '#services/calls/call_feed'
import { ok, sendError } from '#services/api_envelope'
import { initiateCallValidator } from '#validators/dialer'
import { streamCalls } from '#controllers/live_stream'

/** Click-to-call for the token holder: place, hang up, and follow their calls live (SSE). */
export default class DialerController {
  async initiate(ctx: HttpContext) {
    const input = await initiateCallValidator.validate(ctx.request.body())
    const call = await clickToCall.initiate(ctx.tenant, ctx.auth.user as User, input)
    return ctx.response.created(ok(presentCall(call)))
  }

  async hangup(ctx: HttpContext) {
    const call = await clickToCall.hangup(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
    if (!call) return sendError(ctx, 404, 'NOT_FOUND', 'No such call')
    return ok(presentCall(call))
  }

  /** Server-Sent Events: the user's calls as they ring, answer and end. */
  events(ctx: HttpContext) {
    return streamCalls(ctx, { tenantId: ctx.tenant.id, userId: ctx.auth.user!.id })
  }
}
