import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract as Trx } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import Message from '#models/message'
import walletService from '#services/money/wallet_service'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { MessagingConfig } from '#config/messaging'
import { MessagingSubmitError, type MessagingDriver, type SubmitResult } from '#telephony/types'
import messaging from '#telephony/messaging/manager'
import { dbTimeMs } from '#services/db_time'
import { publishMessageChange } from './message_feed.js'
import receipts from './receipts.js'
import { signedMediaFor } from './media_urls.js'
import { drainPasses } from './passes.js'
import { caseById } from './sql.js'
import { backoffDelay } from '#services/backoff'

interface Accepted {
  message: Message
  carrier: string
  result: SubmitResult
}

interface Refused {
  message: Message
  error: MessagingSubmitError
}

const isMysql = () => db.connection().dialect.name === 'mysql'


/**
 * The transactional outbox's worker side. A pass claims due rows (queued or scheduled, and
 * rows whose worker stopped answering) with `FOR UPDATE SKIP LOCKED`, so workers never claim
 * the same row, then hands them to each brand's messaging driver. Accepted messages are
 * recorded `sent` with the carrier's id, a few at a time as the answers arrive (so a worker
 * killed mid-batch leaves at most the answers of its last few milliseconds unrecorded), and
 * their holds settled; transient failures go back to `queued` with backoff; final failures
 * release the hold.
 */
export class Outbox {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`

  #config() {
    return app.config.get<MessagingConfig>('messaging').outbox
  }

  /** Claims up to `limit` due messages for this worker. */
  async claim(limit = this.#config().batchSize, now = DateTime.now()): Promise<Message[]> {
    const claimUntil = now.plus({ seconds: this.#config().claimSeconds })
    /** Read committed on MySQL: no gap locks on the (status, due_at) index, which made claims deadlock against inserts and status updates. */
    const ids = await db.transaction(async (trx) => {
      const query = trx
        .from('messages')
        .select('id')
        .where((where) => {
          where
            .where((due) => due.whereIn('status', ['queued', 'scheduled']).where('due_at', '<=', dbTimeMs(now)))
            .orWhere((stale) => stale.where('status', 'sending').where('claim_expires_at', '<', dbTimeMs(now)))
        })
        .orderBy('due_at', 'asc')
        .limit(limit)
      if (isMysql()) query.forUpdate().skipLocked()
      const rows: Array<{ id: number }> = await query
      const claimed = rows.map((row) => row.id)
      if (claimed.length) {
        await trx
          .from('messages')
          .whereIn('id', claimed)
          .update({
            status: 'sending',
            claimed_by: this.workerId,
            claim_expires_at: dbTimeMs(claimUntil),
            attempts: db.raw('attempts + 1'),
            updated_at: dbTimeMs(now),
          })
      }
      return claimed
    }, isMysql() ? { isolationLevel: 'read committed' } : {})
    if (!ids.length) return []
    return acrossAllTenants('outbox claim', () => Message.query().whereIn('id', ids).orderBy('due_at', 'asc'))
  }

  /** One pass: claim a batch and see every message of it to sent, back to queued, or failed. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const batch = await this.claim()
    if (!batch.length) return 0
    const byTenant = new Map<number, Message[]>()
    for (const message of batch) byTenant.set(message.tenantId, [...(byTenant.get(message.tenantId) ?? []), message])
    const flusher = new ResultFlusher(this)
    await Promise.all([...byTenant].map(([tenantId, messages]) => this.#submitAll(tenantId, messages, flusher)))
    await flusher.close()
    return batch.length
  }

  /** Passes until nothing is due (tests, `--once`). */
  drain(maxPasses = 1000) {
    return drainPasses(() => this.runOnce(), maxPasses)
  }

  async #submitAll(tenantId: number, messages: Message[], flusher: ResultFlusher) {
    const tenant = await tenancy.resolver.snapshot(tenantId)
    const refusal = this.#refusal(tenant, messages[0])
    if (refusal) {
      for (const message of messages) flusher.refused({ message, error: refusal })
      return
    }
    await Promise.all(
      messages.map(async (message) => {
        if (message.kind === 'sms' ? !tenant!.config.features.sms : !tenant!.config.features.mms) {
          flusher.refused({ message, error: new MessagingSubmitError('Messaging was switched off for this brand', 'permanent', 'FEATURE_DISABLED') })
          return
        }
        let driver: MessagingDriver
        try {
          driver = messaging.for(tenant!, message.kind)
        } catch (error) {
          logger.error({ err: error, tenantId, messageId: message.id }, 'no messaging driver for the brand')
          flusher.refused({ message, error: new MessagingSubmitError((error as Error).message, 'transient', 'NO_DRIVER') })
          return
        }
        try {
          const media = message.kind === 'mms' ? await signedMediaFor(message) : undefined
          const result = await driver.submit({
            ref: message.ref,
            tenantId,
            kind: message.kind,
            from: message.fromNumber,
            to: message.toNumber,
            body: message.body,
            ...(media ? { media } : {}),
          })
          flusher.accepted({ message, carrier: driver.name, result })
        } catch (error) {
          const refused =
            error instanceof MessagingSubmitError ? error : new MessagingSubmitError((error as Error)?.message ?? 'submit failed', 'transient', 'SUBMIT_ERROR')
          flusher.refused({ message, error: refused })
        }
      })
    )
  }

  #refusal(tenant: TenantSnapshot | null, sample: Message) {
    if (!tenant) return new MessagingSubmitError(`Brand ${sample.tenantId} no longer exists`, 'permanent', 'BRAND_GONE')
    if (tenant.status !== 'active') return new MessagingSubmitError('The brand is suspended', 'permanent', 'BRAND_SUSPENDED')
    return null
  }

  /**
   * Writes accepted messages as sent and settles their holds, one transaction per user, so a
   * worker killed between the two cannot leave a message sent with its hold open (never
   * charged); then applies receipts that arrived early.
   */
  async recordAccepted(accepted: Accepted[]) {
    if (!accepted.length) return
    const now = DateTime.now()
    const byUser = new Map<number, Accepted[]>()
    for (const item of accepted) byUser.set(item.message.userId, [...(byUser.get(item.message.userId) ?? []), item])
    const recorded: Accepted[] = []
    for (const [userId, items] of byUser) recorded.push(...(await this.#recordSent(userId, items, now)))
    for (const item of recorded) {
      item.message.status = 'sent'
      item.message.carrier = item.carrier
      item.message.carrierMessageId = item.result.carrierMessageId
      item.message.sentAt = now
      publishMessageChange(item.message)
    }
    await receipts.applyPending(recorded.map((item) => ({ carrier: item.carrier, carrierMessageId: item.result.carrierMessageId })))
  }

  /** One user's accepted messages: those still claimed by this worker marked sent and their holds settled, in one transaction. */
  async #recordSent(userId: number, items: Accepted[], now: DateTime): Promise<Accepted[]> {
    const tenant = await tenancy.resolver.snapshot(items[0].message.tenantId)
    const write = (trx: Trx | null, settle: boolean) => async () => {
      const client = trx ?? db
      const ids = items.map((item) => item.message.id)
      const owned = new Set<number>(
        (await client.from('messages').whereIn('id', ids).where('status', 'sending').where('claimed_by', this.workerId).select('id').if(trx, (query) => query.forUpdate())).map(
          (row: { id: number }) => row.id
        )
      )
      const mine = items.filter((item) => owned.has(item.message.id))
      if (!mine.length) return mine
      const held = mine.filter((item) => item.message.holdId)
      const charged =
        settle && tenant && held.length
          ? await walletService.settleMany(userId, held.map(({ message }) => ({ holdId: message.holdId!, amountMicros: message.priceMicros, costMicros: message.costMicros })), trx!)
          : new Map<number, number>()
      for (const { message } of mine) message.chargedMicros = message.holdId ? (charged.get(message.holdId) ?? 0) : 0
      await client
        .from('messages')
        .whereIn('id', mine.map((item) => item.message.id))
        .update({
          status: 'sent',
          carrier: caseById('carrier', mine.map((item) => [item.message.id, item.carrier])),
          carrier_message_id: caseById('carrier_message_id', mine.map((item) => [item.message.id, item.result.carrierMessageId])),
          charged_micros: caseById('charged_micros', mine.map((item) => [item.message.id, item.message.chargedMicros])),
          sent_at: dbTimeMs(now),
          claimed_by: null,
          claim_expires_at: null,
          error_code: null,
          error_message: null,
          updated_at: dbTimeMs(now),
        })
      return mine
    }
    try {
      return await db.transaction((trx) => (tenant ? runForTenant(tenant, write(trx, true)) : write(trx, false)()))
    } catch (error) {
      logger.error({ err: error, userId }, 'settling message holds failed; recording them sent, the hold sweeper will release the holds')
      return write(null, false)()
    }
  }

  /** Puts refused messages back in the queue with backoff, or fails them and releases their holds. */
  async recordRefused(refused: Refused[]) {
    const now = DateTime.now()
    const { maxAttempts, retry } = this.#config()
    for (const { message, error } of refused) {
      const final = error.kind === 'permanent' || message.attempts >= maxAttempts
      const update = final
        ? { status: 'failed', failed_at: dbTimeMs(now) }
        : { status: 'queued', due_at: dbTimeMs(now.plus({ milliseconds: retryDelay(message.attempts, retry.baseMs, retry.maxMs, error.kind === 'throttled') })) }
      const changed = await db
        .from('messages')
        .where('id', message.id)
        .where('status', 'sending')
        .where('claimed_by', this.workerId)
        .update({
          ...update,
          claimed_by: null,
          claim_expires_at: null,
          error_code: error.code.slice(0, 32),
          error_message: error.message.slice(0, 255),
          updated_at: dbTimeMs(now),
        })
      if (!Number(Array.isArray(changed) ? changed[0] : changed)) continue
      if (!final) {
        logger.warn({ messageId: message.id, tenantId: message.tenantId, code: error.code, attempts: message.attempts }, 'message submit failed; retrying')
        continue
      }
      logger.warn({ messageId: message.id, tenantId: message.tenantId, code: error.code }, 'message failed')
      if (message.holdId) await releaseHold(message).catch((releaseError) => logger.warn({ err: releaseError }, 'releasing a failed message hold'))
      message.status = 'failed'
      message.failedAt = now
      message.errorCode = error.code.slice(0, 32)
      message.errorMessage = error.message.slice(0, 255)
      publishMessageChange(message)
    }
  }
}

/** Frees a message's hold in its brand's context. */
export async function releaseHold(message: Message) {
  const tenant = await tenancy.resolver.snapshot(message.tenantId)
  if (!tenant || !message.holdId) return
  await runForTenant(tenant, () => walletService.release(message.holdId!))
}

/** Retry delay after `attempt` failed submits; throttling starts from a shorter step. */
function retryDelay(attempt: number, baseMs: number, maxMs: number, throttled: boolean) {
  return backoffDelay(attempt - 1, { initialMs: throttled ? Math.min(baseMs, 1000) : baseMs, maxMs })
}

/** Collects submit answers and writes them every few milliseconds, so the window of unrecorded answers stays small. */
class ResultFlusher {
  #accepted: Accepted[] = []
  #refused: Refused[] = []
  #timer: NodeJS.Timeout
  #writing: Promise<void> = Promise.resolve()

  constructor(private outbox: Outbox) {
    this.#timer = setInterval(() => this.#flush(), 20)
  }

  accepted(item: Accepted) {
    this.#accepted.push(item)
    if (this.#accepted.length >= 100) this.#flush()
  }

  refused(item: Refused) {
    this.#refused.push(item)
  }

  #flush() {
    const accepted = this.#accepted.splice(0)
    const refused = this.#refused.splice(0)
    if (!accepted.length && !refused.length) return this.#writing
    this.#writing = this.#writing
      .then(async () => {
        await this.outbox.recordAccepted(accepted)
        await this.outbox.recordRefused(refused)
      })
      .catch((error) => logger.error({ err: error }, 'recording submit results failed; the claim expires and they are retried'))
    return this.#writing
  }

  async close() {
    clearInterval(this.#timer)
    await this.#flush()
  }
}

/**
 * Runs the outbox continuously: a pass right after a full one, a short sleep after an empty
 * one. Started by `brandline:worker` (and by the web process in the quickstart).
 */
export class OutboxRunner {
  #running = false
  #loop: Promise<void> | null = null
  #wake: (() => void) | null = null

  constructor(readonly outbox = new Outbox()) {}

  start() {
    if (this.#running) return
    this.#running = true
    this.#loop = this.#run()
  }

  /** Ends the loop after the pass in progress. */
  async stop() {
    this.#running = false
    this.#wake?.()
    await this.#loop
    this.#loop = null
  }

  async #run() {
    const { idleMs, batchSize } = app.config.get<MessagingConfig>('messaging').outbox
    while (this.#running) {
      let handled = 0
      try {
        handled = await this.outbox.runOnce()
      } catch (error) {
        logger.error({ err: error }, 'outbox pass failed')
      }
      if (handled >= batchSize || !this.#running) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs)
        this.#wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#wake = null
    }
  }
}

export const outbox = new Outbox()
export const outboxRunner = new OutboxRunner(outbox)
export default outbox
