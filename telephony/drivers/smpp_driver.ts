import logger from '@adonisjs/core/services/logger'
import type { PDU } from 'smpp'
import type { SmppSettings } from '#telephony/messaging/manager'
import { MessagingSubmitError, type MessagingDriver, type MessagingEvents, type OutboundMessage, type SubmitResult } from '#telephony/types'
import { SmppBind, type WirePart } from '#telephony/smpp/smpp_bind'
import { failureKind, submitOptions } from '#telephony/smpp/outgoing'
import { SmppDeliveries } from '#telephony/smpp/deliveries'
import { hexStatus, STATUS } from '#telephony/smpp/wire'

/** One message on its way: its parts, the ids the SMSC gave them, and who waits for the answer. */
interface Job {
  parts: Part[]
  ids: Array<string | null>
  settled: boolean
  queuedAt: number
  resolve(result: SubmitResult): void
  reject(error: Error): void
}

interface Part extends WirePart {
  job: Job
  index: number
}

/**
 * The SMPP carrier driver: transceiver binds (settings.binds), submits spread over them within
 * a window of outstanding submit_sm and a rate cap per bind; a dropped bind reconnects on a new
 * session and its unanswered submits go out again with the same ref (vendor TLV), 0x58 pauses
 * the bind and resends; long bodies go as concatenated parts and resolve when all are accepted,
 * under the first part's id. Receipts and inbound messages go to `events`.
 */
export class SmppMessagingDriver implements MessagingDriver {
  readonly name: string
  #binds: SmppBind[]
  #queue: Part[] = []
  #jobs = new Set<Job>()
  #reference = Math.floor(Math.random() * 256)
  #pumpTimer: NodeJS.Timeout | null = null
  #sweep: NodeJS.Timeout
  #closed = false
  #deliveries: SmppDeliveries

  constructor(
    private settings: SmppSettings,
    events: MessagingEvents
  ) {
    this.name = settings.name
    this.#deliveries = new SmppDeliveries(settings.name, events)
    const hooks = {
      ready: () => this.#pump(),
      lost: (_bind: SmppBind, parts: WirePart[]) => this.#requeue(parts as Part[]),
      answered: (_bind: SmppBind, part: WirePart, pdu: PDU) => this.#answered(part as Part, pdu),
      deliver: (bind: SmppBind, pdu: PDU) => this.#deliveries.handle(bind.session!, pdu),
    }
    this.#binds = Array.from({ length: Math.max(1, settings.binds) }, (_, i) => new SmppBind(i, settings, hooks))
    this.#binds.forEach((bind) => bind.open())
    this.#sweep = setInterval(() => this.#expireUnbound(), 1000)
  }

  /** Resolves when the SMSC accepted every part of the message. */
  submit(message: OutboundMessage): Promise<SubmitResult> {
    if (this.#closed) return Promise.reject(new MessagingSubmitError('The SMPP driver is closed', 'transient', 'SMPP_CLOSED'))
    return new Promise((resolve, reject) => {
      this.#reference = (this.#reference + 1) % 256
      const job: Job = { parts: [], ids: [], settled: false, queuedAt: Date.now(), resolve, reject }
      job.parts = submitOptions(message, this.#reference).map((options, index) => ({ job, index, options, attempt: 0, sentAt: 0 }))
      job.ids = job.parts.map(() => null)
      this.#jobs.add(job)
      this.#queue.push(...job.parts)
      this.#pump()
    })
  }

  /** Unbinds; messages not yet accepted fail as transient (the outbox tries them again). */
  async close() {
    this.#closed = true
    clearInterval(this.#sweep)
    if (this.#pumpTimer) clearTimeout(this.#pumpTimer)
    await Promise.all(this.#binds.map((bind) => bind.close()))
    for (const job of this.#jobs) this.#fail(job, new MessagingSubmitError('The SMPP driver closed before the carrier answered', 'transient', 'SMPP_CLOSED'))
    this.#queue = []
  }

  /** Sends queued parts on whichever binds have room, least loaded first; waits for the next free slot otherwise. */
  #pump() {
    if (this.#closed) return
    const now = Date.now()
    while (this.#queue.length) {
      const bind = this.#binds.filter((candidate) => candidate.canSend(now)).sort((a, b) => a.outstanding.size - b.outstanding.size)[0]
      if (!bind) break
      const part = this.#queue.shift()!
      if (!part.job.settled) bind.send(part)
    }
    if (!this.#queue.length || this.#pumpTimer) return
    const waits = this.#binds.filter((bind) => bind.ready && bind.outstanding.size < this.settings.window).map((bind) => Math.max(bind.pausedUntil, bind.nextSendAt) - now)
    if (!waits.length) return
    this.#pumpTimer = setTimeout(() => ((this.#pumpTimer = null), this.#pump()), Math.max(1, Math.min(...waits)))
  }

  #answered(part: Part, pdu: PDU) {
    const job = part.job
    if (pdu.command_status === STATUS.RTHROTTLED) this.#queue.unshift(part)
    else if (pdu.command_status !== STATUS.ROK) {
      const status = pdu.command_status
      this.#fail(job, new MessagingSubmitError(`The SMSC refused the message (${hexStatus(status)})`, failureKind(status), hexStatus(status)))
    } else {
      job.ids[part.index] = pdu.message_id
      if (!job.settled && job.ids.every((id) => id !== null)) this.#accept(job)
    }
    this.#pump()
  }

  #accept(job: Job) {
    job.settled = true
    this.#jobs.delete(job)
    const first = job.ids[0]!
    job.ids.slice(1).forEach((id) => this.#deliveries.alias(id!, first))
    job.resolve({ carrierMessageId: first, parts: job.parts.length })
  }

  #fail(job: Job, error: Error) {
    if (job.settled) return
    job.settled = true
    this.#jobs.delete(job)
    job.reject(error)
  }

  /** Unanswered parts of a dropped bind go out first once a bind is up again. */
  #requeue(parts: Part[]) {
    this.#queue.unshift(...parts.filter((part) => !part.job.settled).sort((a, b) => a.sentAt - b.sentAt))
    if (parts.length) logger.warn({ carrier: this.name, resubmitting: parts.length }, 'an SMPP bind dropped; resubmitting what it left unanswered')
    this.#pump()
  }

  /** With no bind up for a while, waiting messages fail as transient so the outbox retries them later. */
  #expireUnbound() {
    if (this.#binds.some((bind) => bind.ready)) return
    const limit = Date.now() - Math.max(3 * this.settings.responseTimeoutMs, 5000)
    for (const job of this.#jobs) {
      if (job.queuedAt < limit) this.#fail(job, new MessagingSubmitError('No SMPP bind is up', 'transient', 'SMPP_UNBOUND'))
    }
    this.#queue = this.#queue.filter((part) => !part.job.settled)
  }
}
