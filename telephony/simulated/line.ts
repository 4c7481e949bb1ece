import type { CallEvent, OriginateRequest } from '#telephony/types'
import type { SimulatedTimeline } from '#telephony/drivers/simulated_voice_driver'

/** What the far end does: answers, is busy, cannot be reached, or rings out. */
export type LineOutcome = 'answer' | 'busy' | 'unreachable' | 'no_answer'

type Timing = Pick<SimulatedTimeline, 'ringMs' | 'talkSeconds' | 'msPerSecond'>

/** How each unhappy outcome ends, as FreeSWITCH would report it (Q.850 cause, SIP code). */
const FAILURES = {
  busy: { cause: 'USER_BUSY', sipCode: 486 },
  unreachable: { cause: 'NO_ROUTE_DESTINATION', sipCode: 404 },
  no_answer: { cause: 'NO_ANSWER', sipCode: 480 },
} as const

/**
 * One call on the simulated switch: ringing -> answered -> ended (or an unhappy end), each
 * step reported in order. Talk is measured in simulated seconds, so a test timeline of a few
 * milliseconds per second still bills what the quickstart's real-time one would.
 */
export class SimulatedLine {
  state: 'ringing' | 'answered' | 'ended' = 'ringing'
  destination: string
  readonly transfers: string[] = []
  /** Settles after the last event was handled (or the line was cancelled). */
  readonly done: Promise<void>
  #resolveDone!: () => void
  #timer: NodeJS.Timeout | null = null
  #answeredAt: Date | null = null
  #answeredClock = 0
  #chain: Promise<unknown> = Promise.resolve()
  #cancelled = false

  constructor(
    private request: OriginateRequest,
    private timing: Timing,
    private outcome: LineOutcome,
    private report: (event: CallEvent) => Promise<void>
  ) {
    this.destination = request.destination
    this.done = new Promise((resolve) => (this.#resolveDone = resolve))
  }

  /** Rings now; the rest follows on timers. */
  start() {
    this.#emit({ type: 'ringing', callUuid: this.request.callUuid, switchRef: this.request.callUuid, at: new Date() })
    this.#after(this.timing.ringMs, () => this.#pickedUp())
  }

  /** The caller (or the user) hangs up: a ringing call is cancelled, an answered one billed to now. */
  hangup(cause = 'NORMAL_CLEARING') {
    if (this.state === 'ringing') return this.#end('ORIGINATOR_CANCEL', 487, 0)
    if (this.state !== 'answered') return
    const elapsed = Math.floor((Date.now() - this.#answeredClock) / this.timing.msPerSecond)
    this.#end(cause, null, Math.min(elapsed, this.request.maxSeconds))
  }

  /** Bridges the answered call to another party; its time goes on counting. */
  transfer(destination: string) {
    if (this.state !== 'answered') throw new Error(`Call ${this.request.callUuid} is not answered; only answered calls can be transferred`)
    this.destination = destination
    this.transfers.push(destination)
  }

  /** True when the timeline was stopped by cancel() rather than ending. */
  get cancelled() {
    return this.#cancelled
  }

  /** Stops the timeline with no further events (tests, shutdown). */
  cancel() {
    this.#cancelled = true
    this.#clear()
    this.state = 'ended'
    this.#resolveDone()
  }

  describe() {
    return { callUuid: this.request.callUuid, tenantId: this.request.tenantId, state: this.state, destination: this.destination, transfers: [...this.transfers] }
  }

  #pickedUp() {
    if (this.outcome === 'answer') return this.#answer()
    const failure = FAILURES[this.outcome]
    if (this.outcome === 'no_answer') return this.#after(this.timing.ringMs * 2, () => this.#end(failure.cause, failure.sipCode, 0))
    this.#end(failure.cause, failure.sipCode, 0)
  }

  #answer() {
    this.state = 'answered'
    this.#answeredAt = new Date()
    this.#answeredClock = Date.now()
    this.#emit({ type: 'answered', callUuid: this.request.callUuid, switchRef: this.request.callUuid, at: this.#answeredAt })
    const talk = Math.max(0, Math.min(this.timing.talkSeconds, this.request.maxSeconds))
    const cause = talk < this.timing.talkSeconds ? 'ALLOTTED_TIMEOUT' : 'NORMAL_CLEARING'
    this.#after(talk * this.timing.msPerSecond, () => this.#end(cause, null, talk))
  }

  /** Ends the call once; an answered call ends `billSeconds` simulated seconds after its answer. */
  #end(cause: string, sipCode: number | null, billSeconds: number) {
    if (this.state === 'ended') return
    this.#clear()
    this.state = 'ended'
    const at = this.#answeredAt ? new Date(this.#answeredAt.getTime() + billSeconds * 1000) : new Date()
    this.#emit({ type: 'ended', callUuid: this.request.callUuid, switchRef: this.request.callUuid, at, billSeconds, cause, sipCode })
    this.#chain.then(() => this.#resolveDone())
  }

  #emit(event: CallEvent) {
    this.#chain = this.#chain.then(() => this.report(event))
  }

  #after(ms: number, step: () => void) {
    this.#clear()
    this.#timer = setTimeout(step, ms)
    this.#timer.unref()
  }

  #clear() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }
}
