import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Message, { type MessageStatus } from '#models/message'
import type MessageBulk from '#models/message_bulk'
import walletService from '#services/money/wallet_service'
import { publishMessageChange } from './message_feed.js'
import { dbTime, dbTimeMs } from '#services/db_time'
import { MessageRefusedError } from './errors.js'

/** The statuses a bulk recipient can be in. */
export const BULK_RECIPIENT_STATUSES = ['scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled'] as const
type Counts = Record<(typeof BULK_RECIPIENT_STATUSES)[number], number>

/** What a bulk's messages add up to. */
export interface Tally {
  counts: Counts
  priceMicros: Partial<Counts>
  chargedMicros: number
  currency: string | null
}

const emptyTally = (): Tally => ({
  counts: Object.fromEntries(BULK_RECIPIENT_STATUSES.map((status) => [status, 0])) as Counts,
  priceMicros: {},
  chargedMicros: 0,
  currency: null,
})

/**
 * A bulk send's progress is a count of its messages by status, computed on read; a send with
 * nothing left pending is stored `completed` the first time it is seen so. Cancelling stops
 * what the outbox has not taken yet and gives the money held for it back.
 */
export class BulkProgress {
  /** Counts and amounts for a page of bulks, in one grouped query. */
  async tally(bulkIds: number[]): Promise<Map<number, Tally>> {
    const tallies = new Map(bulkIds.map((id) => [id, emptyTally()]))
    if (!bulkIds.length) return tallies
    const rows = await Message.query()
      .whereIn('bulk_id', bulkIds)
      .select('bulk_id', 'status')
      .max('currency as currency')
      .count('* as count')
      .sum('price_micros as price')
      .sum('charged_micros as charged')
      .groupBy('bulk_id', 'status')
      .pojo<{ bulk_id: number; status: MessageStatus; currency: string; count: number | string; price: number | string | null; charged: number | string | null }>()
    for (const row of rows) {
      const tally = tallies.get(Number(row.bulk_id))!
      const status = row.status as keyof Counts
      tally.counts[status] = Number(row.count)
      tally.priceMicros[status] = Number(row.price ?? 0)
      tally.chargedMicros += Number(row.charged ?? 0)
      tally.currency = row.currency
    }
    return tallies
  }

  /** A bulk with its progress, as the API shows it. */
  async present(bulk: MessageBulk, tally: Tally) {
    const { counts } = tally
    const pending = counts.scheduled + counts.queued + counts.sending
    const recipients = Object.values(counts).reduce((sum, count) => sum + count, 0)
    await this.#refreshStatus(bulk, pending)
    const pendingPrice = (tally.priceMicros.scheduled ?? 0) + (tally.priceMicros.queued ?? 0) + (tally.priceMicros.sending ?? 0)
    return {
      id: bulk.id,
      name: bulk.name,
      status: bulk.status,
      template: bulk.template,
      total: bulk.total,
      perMinute: bulk.perMinute,
      startsAt: bulk.startsAt?.toISO() ?? null,
      createdAt: bulk.createdAt.toISO(),
      counts,
      pending,
      percentDone: recipients ? Math.floor(((recipients - pending) * 100) / recipients) : 100,
      /** Charged so far plus what is still held for the messages not sent yet. */
      estimatedCostMicros: tally.chargedMicros + pendingPrice,
      chargedMicros: tally.chargedMicros,
      currency: tally.currency,
    }
  }

  /** The recipients of a bulk, one page, optionally of one status. */
  recipients(bulk: MessageBulk, page: number, perPage: number, status?: MessageStatus) {
    const query = Message.query().where('bulk_id', bulk.id).orderBy('id', 'asc')
    if (status) query.where('status', status)
    return query.paginate(page, perPage)
  }

  /** Cancels every recipient not yet taken by the outbox and releases its hold; returns how many. */
  async cancel(bulk: MessageBulk): Promise<number> {
    if (bulk.status === 'completed') {
      throw new MessageRefusedError('NOT_CANCELLABLE', 'The bulk send has completed; nothing is left to cancel', { status: 409, field: 'id' })
    }
    const now = DateTime.now()
    const cancelled = await db.transaction(async (trx) => {
      const messages = await Message.query({ client: trx }).where('bulk_id', bulk.id).whereIn('status', ['scheduled', 'queued']).forUpdate()
      const ids = messages.map((message) => message.id)
      for (let index = 0; index < ids.length; index += 1000) {
        await trx
          .from('messages')
          .whereIn('id', ids.slice(index, index + 1000))
          .update({ status: 'cancelled', cancelled_at: dbTime(now), updated_at: dbTimeMs(now) })
      }
      bulk.status = 'cancelled'
      await bulk.useTransaction(trx).save()
      return messages
    })
    for (const message of cancelled) {
      if (message.holdId) {
        await walletService.release(message.holdId).catch((error) => logger.warn({ err: error, messageId: message.id }, 'releasing a cancelled bulk message hold'))
      }
      message.status = 'cancelled'
      message.cancelledAt = now
      publishMessageChange(message)
    }
    return cancelled.length
  }

  async #refreshStatus(bulk: MessageBulk, pending: number) {
    let status = bulk.status
    if ((status === 'scheduled' || status === 'sending') && pending === 0) status = 'completed'
    else if (status === 'scheduled' && bulk.startsAt && bulk.startsAt <= DateTime.now()) status = 'sending'
    if (status !== bulk.status) await bulk.merge({ status }).save()
  }
}

const bulkProgress = new BulkProgress()
export default bulkProgress
