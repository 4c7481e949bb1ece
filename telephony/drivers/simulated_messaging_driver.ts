import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import type { MessagingEvents, OutboundMessage, SubmitResult } from '#telephony/types'
import type { MessagingConfig } from '#config/messaging'
import { segmentsOf } from '#services/messaging/segments'

/** How long the simulated handset waits before it answers; and how often one pair hears from it. */
const REPLY_AFTER_MS = 1500
const REPLY_EVERY_MS = 5 * 60_000

/**
 * The in-process SMSC of the simulated model (quickstart, tests): accepts every message, then
 * sends a delivery receipt after `receiptMs` (test destinations fail or expire, as their name
 * says), and the handset at the other end answers the first message of a conversation, so a
 * new user sees a thread with receipts and a reply at once.
 */
export class SimulatedMessagingDriver {
  readonly name = 'simulated'
  #timers = new Set<NodeJS.Timeout>()
  #answered = new Map<string, number>()

  constructor(
    private settings: MessagingConfig['simulated'],
    private events: MessagingEvents
  ) {}

  async submit(message: OutboundMessage): Promise<SubmitResult> {
    const carrierMessageId = `sim-${randomUUID()}`
    const outcome = this.settings.testDestinations[message.to]
    this.#later(this.settings.receiptMs, () =>
      this.events.receipt({
        carrier: this.name,
        carrierMessageId,
        status: outcome === 'failed' ? 'failed' : outcome === 'expired' ? 'expired' : 'delivered',
        errorCode: outcome === 'failed' ? '001' : null,
        doneAt: new Date(),
      })
    )
    if (!outcome && this.#shouldAnswer(message)) {
      const snippet = message.body.length > 40 ? `${message.body.slice(0, 40)}…` : message.body
      this.#later(this.settings.receiptMs + REPLY_AFTER_MS, () =>
        this.events.inbound({
          carrier: this.name,
          kind: 'sms',
          from: message.to,
          to: message.from,
          body: snippet ? `Got it, thanks! (simulated reply to "${snippet}")` : 'Got your picture, thanks! (simulated reply)',
          carrierMessageId: `sim-${randomUUID()}`,
          receivedAt: new Date(),
        })
      )
    }
    return { carrierMessageId, parts: message.kind === 'mms' ? 1 : segmentsOf(message.body).segments }
  }

  async close() {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }

  /** The handset answers once per conversation every few minutes; never the brand's keyword answers. */
  #shouldAnswer(message: OutboundMessage) {
    if (/reply (stop|start|help)/i.test(message.body)) return false
    const pair = `${message.from}>${message.to}`
    const last = this.#answered.get(pair) ?? 0
    if (Date.now() - last < REPLY_EVERY_MS) return false
    this.#answered.set(pair, Date.now())
    return true
  }

  #later(ms: number, work: () => Promise<unknown>) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      work().catch((error) => logger.warn({ err: error }, 'the simulated SMSC could not report'))
    }, ms)
    timer.unref()
    this.#timers.add(timer)
  }
}
