import type { HttpContext } from '@adonisjs/core/http'
import liveCalls from '#services/calls/live_calls_service'
import clickToCall from '#services/calls/click_to_call_service'
import callSimulation, { SimulationRefusedError } from '#services/calls/call_simulation_service'
import { streamCalls } from '#controllers/live_stream'
import { simulateInboundValidator, simulateVoicemailValidator } from '#validators/dialer'
import { authorizeChange, notFound, renderAdmin } from './admin_page.js'

const HERE = '/admin/calls/live'

const RESULTS = {
  answered: 'a device answered',
  voicemail: 'it went to voicemail',
  forwarded: 'it was forwarded',
  rejected: 'the routing refused it',
  no_answer: 'nobody answered',
} as const

/** The brand's calls in progress (live), and on the simulated model the admin's test calls. */
export default class LiveCallsController {
  async index(ctx: HttpContext) {
    const simulated = callSimulation.isSimulated(ctx.tenant)
    return renderAdmin(ctx, 'live_calls', {
      calls: await liveCalls.listForStaff(ctx.tenant),
      simulated,
      numbers: simulated ? await callSimulation.numbersOf(ctx.tenant) : [],
      voicemailOn: ctx.tenant.features.voicemail,
    })
  }

  events(ctx: HttpContext) {
    return streamCalls(ctx, { tenantId: ctx.tenant.id, userId: null })
  }

  async hangup(ctx: HttpContext) {
    await authorizeChange(ctx)
    const call = await clickToCall.hangup(ctx.tenant, null, Number(ctx.params.id))
    if (!call) return notFound(ctx)
    ctx.session.flash('success', `Call ${call.id} hung up.`)
    return ctx.response.redirect(HERE)
  }

  async simulateInbound(ctx: HttpContext) {
    await authorizeChange(ctx)
    const input = await ctx.request.validateUsing(simulateInboundValidator)
    return this.#run(ctx, async () => {
      const play = await callSimulation.inbound(ctx.tenant, input)
      if (play.decision.action === 'reject') return `The call was refused: ${play.decision.code} ${play.decision.reason}.`
      return `Inbound call from ${input.from} to ${input.to}: ${RESULTS[play.result]}. Watch it below.`
    })
  }

  async simulateVoicemail(ctx: HttpContext) {
    await authorizeChange(ctx)
    const input = await ctx.request.validateUsing(simulateVoicemailValidator)
    return this.#run(ctx, async () => {
      const voicemail = await callSimulation.voicemail(ctx.tenant, input)
      return `Voicemail ${voicemail.id} (${voicemail.durationSeconds} s) left on ${input.to}.`
    })
  }

  /** Runs a simulation and tells the admin how it went; a refusal is a flashed message, not an error page. */
  async #run(ctx: HttpContext, simulate: () => Promise<string>) {
    try {
      ctx.session.flash('success', await simulate())
    } catch (error) {
      if (!(error instanceof SimulationRefusedError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect(HERE)
  }
}
