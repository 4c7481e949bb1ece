import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import { acrossAllTenants } from '#tenants/context'
import { decryptSecret } from '#tenants/config/secrets'
import type { MessagingConfig } from '#config/messaging'
import { signCallback } from './callbacks.js'
import { dbTimeMs } from '#services/db_time'
import { drainPasses } from './passes.js'
import { backoffDelay } from '#services/backoff'

/** A claimed delivery row. */
interface Claimed {
  id: number
  tenant_id: number
  user_id: number
  url: string
  payload: string
  attempts: number
}

/** What one POST came to. */
interface Outcome {
  responseStatus: number | null
  error: string | null
}

const isMysql = () => db.connection().dialect.name === 'mysql'

/**
 * Posts recorded status changes to users' callback URLs. A pass claims due pending rows with
 * `FOR UPDATE SKIP LOCKED` (so any number of workers share the work), posts them signed, and
 * records the answer: 2xx delivered; otherwise retried with exponential backoff until the
 * last attempt, then failed. A worker that dies mid-pass leaves its claim to expire.
 */
export class CallbackDispatcher {
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`

  #config() {
    return app.config.get<MessagingConfig>('messaging').callbacks
  }

  /** Claims up to `limit` due deliveries for this worker. */
  async claim(limit = 100, now = DateTime.now()): Promise<Claimed[]> {
    const claimUntil = now.plus({ milliseconds: this.#config().timeoutMs + 30_000 })
    return db.transaction(async (trx) => {
      const query = trx
        .from('message_callbacks')
        .select('id', 'tenant_id', 'user_id', 'url', 'payload', 'attempts')
        .where('status', 'pending')
        .where('next_attempt_at', '<=', dbTimeMs(now))
        .where((claim) => claim.whereNull('claim_expires_at').orWhere('claim_expires_at', '<', dbTimeMs(now)))
        .orderBy('next_attempt_at', 'asc')
        .limit(limit)
      if (isMysql()) query.forUpdate().skipLocked()
      const rows: Claimed[] = await query
      if (!rows.length) return []
      await trx
        .from('message_callbacks')
        .whereIn('id', rows.map((row) => row.id))
        .update({ claimed_by: this.workerId, claim_expires_at: dbTimeMs(claimUntil), attempts: db.raw('attempts + 1'), updated_at: dbTimeMs(now) })
      return rows.map((row) => ({ ...row, attempts: row.attempts + 1 }))
    })
  }

  /** One pass: claim a batch, post each, record the outcomes. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const batch = await this.claim()
    if (!batch.length) return 0
    const secrets = await this.#secretsOf(batch)
    await Promise.all(
      batch.map(async (row) => {
        const user = secrets.get(row.user_id)
        const outcome = user?.url && user.secret ? await this.#post(row, user.secret) : { responseStatus: null, error: 'The callback URL was removed' }
        await this.#record(row, outcome, !user?.url || !user.secret)
      })
    )
    return batch.length
  }

  /** Passes until nothing is due (the job, tests). */
  drain(maxPasses = 50) {
    return drainPasses(() => this.runOnce(), maxPasses)
  }

  async #post(row: Claimed, secret: string): Promise<Outcome> {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const { timeoutMs } = this.#config()
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Brandline-Callbacks/1',
          'x-brandline-timestamp': timestamp,
          'x-brandline-signature': `v1=${signCallback(secret, timestamp, row.payload)}`,
        },
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel().catch(() => undefined)
      return { responseStatus: response.status, error: response.ok ? null : `The receiver answered HTTP ${response.status}` }
    } catch (error) {
      const name = (error as Error)?.name
      const reason = name === 'TimeoutError' ? `No answer within ${timeoutMs} ms` : ((error as any)?.cause?.code ?? (error as Error)?.message ?? 'request failed')
      return { responseStatus: null, error: String(reason).slice(0, 255) }
    }
  }

  async #record(row: Claimed, outcome: Outcome, final: boolean) {
    const now = DateTime.now()
    const { maxAttempts, retry } = this.#config()
    const delivered = outcome.error === null
    const failed = !delivered && (final || row.attempts >= maxAttempts)
    const next = delivered || failed ? null : dbTimeMs(now.plus({ milliseconds: backoffDelay(row.attempts - 1, { initialMs: retry.baseMs, maxMs: retry.maxMs }) }))
    await db
      .from('message_callbacks')
      .where('id', row.id)
      .where('claimed_by', this.workerId)
      .update({
        status: delivered ? 'delivered' : failed ? 'failed' : 'pending',
        response_status: outcome.responseStatus,
        last_error: outcome.error,
        next_attempt_at: next,
        delivered_at: delivered ? dbTimeMs(now) : null,
        claimed_by: null,
        claim_expires_at: null,
        updated_at: dbTimeMs(now),
      })
    if (failed) logger.warn({ callbackId: row.id, tenantId: row.tenant_id, attempts: row.attempts }, 'message callback failed')
  }

  /** The current URL and plain secret of each user in the batch (the secret never leaves this process). */
  async #secretsOf(batch: Claimed[]) {
    const users = await acrossAllTenants('message callbacks: signing secrets', () =>
      User.query().whereIn('id', [...new Set(batch.map((row) => row.user_id))]).select('id', 'tenant_id', 'message_callback_url', 'message_callback_secret')
    )
    const tenantOf = new Map(batch.map((row) => [row.user_id, row.tenant_id]))
    return new Map(
      users
        .filter((user) => tenantOf.get(user.id) === user.tenantId)
        .map((user) => [user.id, { url: user.messageCallbackUrl, secret: decryptSecret(user.messageCallbackSecret) }])
    )
  }
}


export const callbackDispatcher = new CallbackDispatcher()
export default callbackDispatcher
