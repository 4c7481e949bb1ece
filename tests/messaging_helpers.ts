import { randomBytes } from 'node:crypto'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import Message from '#models/message'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { throwawayBrand, tokenFor } from '#tests/helpers'
import { numberFor } from '#tests/call_helpers'
import { fundedWallet } from '#tests/money_helpers'
import { outbox } from '#services/messaging/outbox'
import receipts from '#services/messaging/receipts'
import type { DeliveryReceipt, InboundMessage, InboundVerdict, MessagingDriver, MessagingEvents, OutboundMessage, SubmitResult } from '#telephony/types'

export const USD = (dollars: number) => Math.round(dollars * 1_000_000)

/** A throwaway brand whose member has a funded wallet, a text-capable number and an API token. */
export async function texter(options: { config?: Record<string, any>; funds?: number } = {}) {
  const brand = await throwawayBrand(options.config ?? {})
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true, smsEnabled: true, mmsEnabled: true })
  const wallet = await fundedWallet(brand.tenant, brand.member, options.funds ?? USD(10))
  const snapshot = (await tenancy.resolver.snapshot(brand.tenant.id))!
  return { ...brand, number, wallet, snapshot, token: await tokenFor(brand.member) }
}

/** A brand's messages as the database has them, oldest first. */
export function messagesOf(tenant: Tenant, user?: User) {
  return runForTenant(tenant, () => {
    const query = Message.query().orderBy('id', 'asc')
    if (user) query.where('user_id', user.id)
    return query
  })
}

/** Runs the outbox until nothing is due, then writes buffered receipts. */
export async function drainOutbox() {
  const handled = await outbox.drain()
  await receipts.flush()
  return handled
}

/** Waits until `check` holds (receipts arrive on timers), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error('the condition did not hold in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/**
 * A carrier stand-in behind the driver contract that records what was submitted and reports
 * through the same events the real drivers use; `refuse` makes the next submits fail.
 */
export class RecordingCarrier implements MessagingDriver {
  readonly name = 'recording'
  submitted: OutboundMessage[] = []
  refuse: Error | null = null
  readonly #prefix = `rec-${randomBytes(4).toString('hex')}`
  #next = 1

  constructor(private events?: MessagingEvents) {}

  async submit(message: OutboundMessage): Promise<SubmitResult> {
    if (this.refuse) throw this.refuse
    this.submitted.push(message)
    return { carrierMessageId: `${this.#prefix}-${this.#next++}`, parts: 1 }
  }

  receipt(carrierMessageId: string, status: DeliveryReceipt['status'] = 'delivered', errorCode: string | null = null) {
    return receipts.receive({ carrier: this.name, carrierMessageId, status, errorCode, doneAt: new Date() })
  }

  inbound(message: Omit<InboundMessage, 'carrier'>): Promise<InboundVerdict> {
    if (!this.events) throw new Error('no events')
    return this.events.inbound({ ...message, carrier: this.name })
  }
}
