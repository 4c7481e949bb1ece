import smpp, { type PDU, type Session } from 'smpp'
import type { SmppSettings } from '#telephony/messaging/manager'
import { INTERFACE_VERSION_34, STATUS } from './wire.js'
import { backoffDelay } from '#services/backoff'

/** One submit_sm on the wire; `attempt` tells a late answer from an old session apart. */
export interface WirePart {
  options: Record<string, any>
  attempt: number
  sentAt: number
}

export interface BindHooks {
  ready(bind: SmppBind): void
  /** The bind dropped: these parts were never answered and must be sent again. */
  lost(bind: SmppBind, unanswered: WirePart[]): void
  answered(bind: SmppBind, part: WirePart, pdu: PDU): void
  deliver(bind: SmppBind, pdu: PDU): void
}


/**
 * One transceiver bind. The library has no reconnect and cannot reconnect a session, so each
 * connection is a new session; what was outstanding when it dropped (socket closed, or no
 * answer within responseTimeoutMs) goes back to the driver to be sent again.
 */
export class SmppBind {
  session: Session | null = null
  ready = false
  outstanding = new Set<WirePart>()
  pausedUntil = 0
  nextSendAt = 0
  #throttles = 0
  #failures = 0
  #closed = false
  #enquirySince = 0
  #timers: { enquire?: NodeJS.Timeout; retry?: NodeJS.Timeout; watch?: NodeJS.Timeout } = {}

  constructor(
    readonly index: number,
    private settings: SmppSettings,
    private hooks: BindHooks
  ) {}

  /** Whether a submit may go out on this bind now. */
  canSend(now: number) {
    return this.ready && this.outstanding.size < Math.max(1, this.settings.window) && now >= this.pausedUntil && now >= this.nextSendAt
  }

  open() {
    if (this.#closed) return
    const session = smpp.connect({ host: this.settings.host, port: this.settings.port })
    this.session = session
    session.on('connect', () => {
      session.socket.setNoDelay(true)
      session.bind_transceiver(
        { system_id: this.settings.systemId, password: this.settings.password, system_type: this.settings.systemType, interface_version: INTERFACE_VERSION_34 },
        (pdu) => (pdu.command_status === STATUS.ROK ? this.#bound(session) : session.destroy())
      )
    })
    session.on('deliver_sm', (pdu: PDU) => this.session === session && this.hooks.deliver(this, pdu))
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()))
    session.on('unbind', (pdu: PDU) => (session.send(pdu.response()), session.close()))
    session.on('error', () => session.destroy())
    session.on('close', () => this.#dropped(session))
  }

  send(part: WirePart) {
    const session = this.session!
    part.attempt++
    part.sentAt = Date.now()
    const attempt = part.attempt
    this.outstanding.add(part)
    if (this.settings.ratePerSecond > 0) this.nextSendAt = Math.max(Date.now(), this.nextSendAt) + 1000 / this.settings.ratePerSecond
    session.submit_sm(part.options, (pdu) => {
      if (this.session !== session || part.attempt !== attempt || !this.outstanding.delete(part)) return
      if (pdu.command_status === STATUS.RTHROTTLED) this.pausedUntil = Date.now() + backoffDelay(this.#throttles++, { initialMs: this.settings.throttleBackoffMs.minMs, maxMs: this.settings.throttleBackoffMs.maxMs })
      else this.#throttles = 0
      this.hooks.answered(this, part, pdu)
    })
  }

  /** Unbinds and stops reconnecting; parts still outstanding are handed back. */
  async close() {
    this.#closed = true
    Object.values(this.#timers).forEach((timer) => clearTimeout(timer))
    const session = this.session
    if (!session || session.socket.destroyed) return
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => session.destroy(), 1000)
      session.socket.once('close', () => (clearTimeout(force), resolve()))
      if (!this.ready || !session.unbind(() => session.close())) session.destroy()
    })
  }

  #bound(session: Session) {
    if (this.session !== session) return
    this.ready = true
    this.#failures = 0
    this.#enquirySince = 0
    const every = Math.max(1, this.settings.enquireLinkSeconds) * 1000
    this.#timers.enquire = setInterval(() => this.#enquire(session), every)
    this.#timers.watch = setInterval(() => this.#watch(session), Math.min(1000, Math.max(50, this.settings.responseTimeoutMs / 4)))
    this.hooks.ready(this)
  }

  #enquire(session: Session) {
    if (this.#enquirySince) return
    this.#enquirySince = Date.now()
    session.enquire_link({}, () => (this.#enquirySince = 0))
  }

  /** A bind that stopped answering is as good as dropped. */
  #watch(session: Session) {
    const limit = Date.now() - this.settings.responseTimeoutMs
    const stale = (this.#enquirySince && this.#enquirySince < limit) || [...this.outstanding].some((part) => part.sentAt < limit)
    if (stale) session.destroy()
  }

  #dropped(session: Session) {
    if (this.session !== session) return
    clearInterval(this.#timers.enquire)
    clearInterval(this.#timers.watch)
    this.ready = false
    this.session = null
    const unanswered = [...this.outstanding]
    this.outstanding.clear()
    this.hooks.lost(this, unanswered)
    if (this.#closed) return
    this.#timers.retry = setTimeout(() => this.open(), backoffDelay(this.#failures++, { initialMs: this.settings.reconnect.minMs, maxMs: this.settings.reconnect.maxMs }))
  }
}
