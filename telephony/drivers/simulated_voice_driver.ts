import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { TelephonyConfig } from '#config/telephony'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { CallEvent, OriginateRequest, VoiceDriver } from '#telephony/types'
import { CallNotOnSwitchError } from '#telephony/voice/errors'
import { SimulatedLine, type LineOutcome } from '#telephony/simulated/line'
import type { InboundOutcome, SimulatedInbound, SimulatedVoicemail } from '#telephony/simulated/inbound_player'

/** The simulated call timeline; config/telephony.ts `simulated` gives the quickstart's. */
export interface SimulatedTimeline {
  /** How long the user's device rings before it answers, ms. */
  ringMs: number
  /** Talk time of a call nobody hangs up, in simulated (billed) seconds. */
  talkSeconds: number
  /** Real milliseconds per simulated second (1000 = real time; tests use a few). */
  msPerSecond: number
  /** Destinations with a fixed outcome, so users can see busy and failed calls. */
  testDestinations: Record<string, 'busy' | 'unreachable' | 'no_answer'>
}

/** Where switch events go; the call service in the app. */
export type CallEventSink = (event: CallEvent) => Promise<unknown>

export interface SimulatedOptions {
  timeline?: Partial<SimulatedTimeline>
  onEvent?: CallEventSink
}

async function toCallService(event: CallEvent) {
  const { default: callService } = await import('#services/calls/call_service')
  return callService.onEvent(event)
}

/**
 * The simulated deployment model's switch, in process: a click-to-call rings the user's device,
 * the device answers after `ringMs`, the destination is bridged and talks for `talkSeconds`
 * (or until hangup), and every step reaches the call service as the same CallEvents a real
 * switch sends, so rating, holds and the CDR run their real paths. Timers never keep the
 * process alive, and `close()` cancels them all.
 */
export class SimulatedVoiceDriver implements VoiceDriver {
  readonly name = 'simulated'
  readonly timeline: SimulatedTimeline
  readonly #sink: CallEventSink
  #lines = new Map<string, SimulatedLine>()

  constructor(options: SimulatedOptions = {}) {
    const configured = app.config.get<TelephonyConfig>('telephony').simulated
    this.timeline = { ...configured, ...options.timeline }
    this.#sink = options.onEvent ?? toCallService
  }

  /** Places a click-to-call; events follow on the timeline. The switch ref is the call's uuid. */
  async originate(request: OriginateRequest) {
    if (this.#lines.has(request.callUuid)) throw new Error(`Call ${request.callUuid} is already up on the simulated switch`)
    this.play(request, this.timeline.testDestinations[request.destination] ?? 'answer')
    return { switchRef: request.callUuid }
  }

  /** Hangs up a live call (cancels it while it rings); a call ending right now is left to end. */
  async hangup(switchRef: string, cause = 'NORMAL_CLEARING') {
    this.#line(switchRef).hangup(cause)
  }

  /** Moves the far end of an answered call to another destination; the talk goes on. */
  async transfer(switchRef: string, destination: string) {
    this.#line(switchRef).transfer(destination)
  }

  /**
   * Plays an inbound call to a brand's number: the routing service decides (rules, devices,
   * voicemail) and the simulator acts it out. `outcome` says what the user's devices do.
   */
  async simulateInbound(tenant: TenantSnapshot, call: SimulatedInbound, outcome: InboundOutcome = 'answer') {
    const { playInbound } = await import('#telephony/simulated/inbound_player')
    return playInbound(this, tenant, call, outcome)
  }

  /** Leaves a voicemail (synthesized audio) for the holder of a brand's number. */
  async simulateVoicemail(tenant: TenantSnapshot, message: SimulatedVoicemail) {
    const { leaveVoicemail } = await import('#telephony/simulated/inbound_player')
    return leaveVoicemail(tenant, message)
  }

  /** Starts a call's timeline (originated, or an inbound leg the routing service opened); `timing` overrides the timeline. */
  play(request: OriginateRequest, outcome: LineOutcome, timing: Partial<SimulatedTimeline> = {}) {
    const line = new SimulatedLine(request, { ...this.timeline, ...timing }, outcome, (event) => this.#report(event))
    this.#lines.set(request.callUuid, line)
    line.done.then(() => this.#lines.delete(request.callUuid))
    line.start()
    return line
  }

  /** The calls up on the switch now, for tests and the admin. */
  live() {
    return [...this.#lines.values()].map((line) => line.describe())
  }

  /** Resolves when the call's last event has been handled (at once for a call not up). */
  whenEnded(callUuid: string): Promise<void> {
    return this.#lines.get(callUuid)?.done ?? Promise.resolve()
  }

  /** Cancels every timeline; nothing more is reported. */
  close() {
    for (const line of this.#lines.values()) line.cancel()
    this.#lines.clear()
  }

  /** The in-process switch is the only one: a call it does not have is over (e.g. after a restart). */
  #line(switchRef: string) {
    const line = this.#lines.get(switchRef)
    if (!line) throw new CallNotOnSwitchError(switchRef)
    return line
  }

  async #report(event: CallEvent) {
    try {
      await this.#sink(event)
    } catch (error) {
      logger.error({ err: error, callUuid: event.callUuid, type: event.type }, 'simulated switch: a call event failed')
    }
  }
}
