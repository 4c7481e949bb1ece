import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import clickToCall from '#services/calls/click_to_call_service'
import { presentCall } from '#services/calls/call_feed'
import { dialerState } from '#services/calls/dialer_state'
import { ok, sendError } from '#services/api_envelope'
import { renderThemed } from '#controllers/render'
import { sendJsonError } from '#controllers/json_errors'
import { streamCalls } from '#controllers/live_stream'
import { initiateCallValidator } from '#validators/dialer'

/** The portal dialer: its page, the JSON its script calls (session auth, CSRF), and its live events. */
export default class DialerController {
  async show(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/portal/dialer', { dialer: await dialerState(ctx.tenant, ctx.auth.user!.id) })
  }

  async store(ctx: HttpContext) {
    try {
      const input = await initiateCallValidator.validate(ctx.request.body())
      const call = await clickToCall.initiate(ctx.tenant, ctx.auth.user as User, input)
      return ctx.response.created(ok(presentCall(call)))
    } catch (error) {
      return sendJsonError(ctx, error)
    }
  }

  /** One of the user's calls as it is now (the script asks after its live stream reconnects). */
  async call(ctx: HttpContext) {
    const call = await clickToCall.find(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
    if (!call) return sendError(ctx, 404, 'NOT_FOUND', 'No such call')
    return ok(presentCall(call))
  }

  async hangup(ctx: HttpContext) {
    try {
      const call = await clickToCall.hangup(ctx.tenant, ctx.auth.user!.id, Number(ctx.params.id))
      if (!call) return sendError(ctx, 404, 'NOT_FOUND', 'No such call')
      return ok(presentCall(call))
    } catch (error) {
      return sendJsonError(ctx, error)
    }
  }

  events(ctx: HttpContext) {
    return streamCalls(ctx, { tenantId: ctx.tenant.id, userId: ctx.auth.user!.id })
  }
}
