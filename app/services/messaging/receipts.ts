import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Message from '#models/message'
import { acrossAllTenants } from '#tenants/context'
import type { DeliveryReceipt, ReceiptStatus } from '#telephony/types'
import { dbTimeMs } from '#services/db_time'
import { publishMessageChange } from './message_feed.js'
import { caseById } from './sql.js'

/** What a final receipt makes of a sent message. */
const FINAL: Partial<Record<ReceiptStatus, { status: 'delivered' | 'failed' | 'expired'; column: 'delivered_at' | 'failed_at' }>> = {
  delivered: { status: 'delivered', column: 'delivered_at' },
  failed: { status: 'failed', column: 'failed_at' },
  expired: { status: 'expired', column: 'failed_at' },
}

/**
 * Delivery receipts: matched to messages on (carrier, carrier message id), buffered for a few
 * milliseconds so a burst is written in a few statements. A receipt for a carrier id no
 * message has yet (it overtook its submit_sm_resp, or reached another worker's bind) is kept
 * in `message_receipts` and applied when the outbox records that id. Duplicates and
 * intermediate states change nothing.
 */
export class ReceiptSink {
  #buffer: DeliveryReceipt[] = []
  #timer: NodeJS.Timeout | null = null
  #writing: Promise<void> = Promise.resolve()
  #waiters: Array<() => void> = []

  /** Takes a receipt; resolves once it is stored (matched or parked). */
  receive(receipt: DeliveryReceipt): Promise<void> {
    if (!FINAL[receipt.status]) return Promise.resolve()
    this.#buffer.push(receipt)
    const stored = new Promise<void>((resolve) => this.#waiters.push(resolve))
    if (this.#buffer.length >= 200) this.#flush()
    else this.#timer ??= setTimeout(() => this.#flush(), 10)
    return stored
  }

  /** Writes whatever is buffered (tests and shutdown). */
  flush() {
    return this.#flush()
  }

  #flush() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const batch = this.#buffer.splice(0)
    const waiters = this.#waiters.splice(0)
    this.#writing = this.#writing
      .then(() => (batch.length ? this.#applyRetrying(batch) : undefined))
      .catch((error) => logger.error({ err: error }, 'storing delivery receipts failed'))
      .finally(() => waiters.forEach((resolve) => resolve()))
    return this.#writing
  }

  /** A deadlock victim (receipts race the outbox on the same rows) is tried again, so no receipt is dropped. */
  async #applyRetrying(batch: DeliveryReceipt[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(batch)
      } catch (error) {
        if (attempt >= 3) throw error
        logger.warn({ err: error, attempt }, 'storing delivery receipts failed; trying again')
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt))
      }
    }
  }

  /** Applies receipts now; parks the ones no message matches yet. */
  async apply(batch: DeliveryReceipt[]) {
    const byCarrier = new Map<string, DeliveryReceipt[]>()
    for (const receipt of batch) byCarrier.set(receipt.carrier, [...(byCarrier.get(receipt.carrier) ?? []), receipt])
    for (const [carrier, list] of byCarrier) {
      const messages = await acrossAllTenants('delivery receipts', () =>
        Message.query()
          .where('carrier', carrier)
          .whereIn('carrier_message_id', list.map((receipt) => receipt.carrierMessageId))
      )
      const byCarrierId = new Map(messages.map((message) => [message.carrierMessageId!, message]))
      const unmatched: DeliveryReceipt[] = []
      const now = DateTime.now()
      /** Final receipts of messages still `sent`, one per message, grouped by the status they move to. */
      const moves = new Map<string, Array<{ message: Message; receipt: DeliveryReceipt; at: DateTime }>>()
      const seen = new Set<number>()
      for (const receipt of list) {
        const message = byCarrierId.get(receipt.carrierMessageId)
        if (!message) {
          unmatched.push(receipt)
          continue
        }
        if (message.status !== 'sent' || seen.has(message.id)) continue
        seen.add(message.id)
        const at = receipt.doneAt && receipt.doneAt.getTime() <= now.toMillis() ? DateTime.fromJSDate(receipt.doneAt) : now
        const status = FINAL[receipt.status]!.status
        moves.set(status, [...(moves.get(status) ?? []), { message, receipt, at }])
      }
      for (const [status, items] of moves) {
        const column = FINAL[items[0].receipt.status]!.column
        await db
          .from('messages')
          .whereIn('id', items.map(({ message }) => message.id))
          .where('status', 'sent')
          .update({
            status,
            [column]: caseById(column, items.map(({ message, at }) => [message.id, dbTimeMs(at)])),
            error_code: caseById('error_code', items.map(({ message, receipt }) => [message.id, receipt.errorCode])),
            updated_at: dbTimeMs(now),
          })
        for (const { message, receipt, at } of items) {
          message.status = status as Message['status']
          if (column === 'delivered_at') message.deliveredAt = at
          else message.failedAt = at
          message.errorCode = receipt.errorCode
          publishMessageChange(message)
        }
      }
      if (unmatched.length) {
        await db.table('message_receipts').multiInsert(
          unmatched.map((receipt) => ({
            carrier: receipt.carrier,
            carrier_message_id: receipt.carrierMessageId,
            status: receipt.status,
            error_code: receipt.errorCode,
            done_at: receipt.doneAt ? dbTimeMs(DateTime.fromJSDate(receipt.doneAt)) : null,
            created_at: dbTimeMs(now),
          }))
        )
        await this.#recheck(carrier, unmatched)
      }
    }
  }

  /**
   * The outbox may have recorded some of these ids between our lookup and the park, and then
   * looked for parked receipts before ours were written: look once more, so none stays parked.
   */
  async #recheck(carrier: string, parked: DeliveryReceipt[]) {
    const recorded = await db
      .from('messages')
      .where('carrier', carrier)
      .whereIn('carrier_message_id', parked.map((receipt) => receipt.carrierMessageId))
      .select('carrier_message_id')
    if (recorded.length) await this.applyPending(recorded.map((row: any) => ({ carrier, carrierMessageId: row.carrier_message_id })))
  }

  /** Applies parked receipts for messages just recorded as sent. */
  async applyPending(keys: Array<{ carrier: string; carrierMessageId: string }>) {
    if (!keys.length) return
    const parked = await db.from('message_receipts').whereIn('carrier_message_id', keys.map((key) => key.carrierMessageId))
    const wanted = new Set(keys.map((key) => `${key.carrier}\u0000${key.carrierMessageId}`))
    const mine = parked.filter((row: any) => wanted.has(`${row.carrier}\u0000${row.carrier_message_id}`))
    if (!mine.length) return
    await db.from('message_receipts').whereIn('id', mine.map((row: any) => row.id)).delete()
    await this.apply(
      mine.map((row: any) => ({
        carrier: row.carrier,
        carrierMessageId: row.carrier_message_id,
        status: row.status,
        errorCode: row.error_code,
        doneAt: row.done_at ? new Date(row.done_at) : null,
      }))
    )
  }
}

const receipts = new ReceiptSink()
export default receipts
