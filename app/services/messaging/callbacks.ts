import { createHmac, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import MessageCallback from '#models/message_callback'
import { acrossAllTenants } from '#tenants/context'
import { decryptSecret, encryptSecret, maskSecret } from '#tenants/config/secrets'
import { dbTimeMs } from '#services/db_time'
import { messageFeed, type MessageChange } from './message_feed.js'

/**
 * Message status callbacks, as a receiver sees them.
 *
 * Every status change of a user's message (queued, sent, delivered, failed, expired,
 * cancelled, and inbound `received`) is POSTed to the user's callback URL as JSON
 * `{"event":"message.status","data":{...the message...}}` with two headers:
 *
 *   X-Brandline-Timestamp: <unix seconds when this attempt was sent>
 *   X-Brandline-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
 *
 * The secret is shown once, when the URL is first set or the secret rotated. A receiver
 * recomputes the HMAC over the raw body, compares in constant time, and rejects timestamps
 * more than a few minutes old. Any 2xx answer counts as delivered; anything else (or no answer
 * within the timeout) is retried with exponential backoff, and the delivery is marked failed
 * after the last attempt. Redirects are not followed.
 */

/** The signature of one attempt; exported so receivers' tests (and ours) compute it the same way. */
export function signCallback(secret: string, timestamp: string, body: string) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}


/** A user's callback settings; `secret` is in plain text only on the answer that created it. */
export interface CallbackSettingsView {
  url: string | null
  secret: string | null
  secretShown: boolean
}

/** How long a user's callback URL is trusted from cache before it is read again (other processes' changes). */
const URL_CACHE_MS = 10_000

/**
 * Keeps callback settings and records one delivery row per status change for users with a
 * URL. Changes are gathered for a few milliseconds and written in one insert, so a bulk send
 * of thousands costs a few statements.
 */
export class CallbackRecorder {
  #urls = new Map<string, { url: string | null; until: number }>()
  #changes: MessageChange[] = []
  #timer: NodeJS.Timeout | null = null
  #writing: Promise<void> = Promise.resolve()

  /** The settings as the API shows them: the secret masked. */
  settings(user: User): CallbackSettingsView {
    return { url: user.messageCallbackUrl, secret: maskSecret(decryptSecret(user.messageCallbackSecret)), secretShown: false }
  }

  /** Sets or clears the URL; a secret is issued (and shown this once) when there was none or a rotation is asked for. */
  async update(user: User, url: string | null, rotate: boolean): Promise<CallbackSettingsView> {
    const issue = Boolean(url) && (rotate || !user.messageCallbackSecret)
    const secret = issue ? `bls_${randomBytes(24).toString('hex')}` : null
    user.messageCallbackUrl = url
    if (secret) user.messageCallbackSecret = encryptSecret(secret)
    await user.save()
    this.#urls.delete(`${user.tenantId}:${user.id}`)
    return secret ? { url, secret, secretShown: true } : this.settings(user)
  }

  /** Queues a change for recording (the feed's listener; never throws). */
  record(change: MessageChange) {
    this.#changes.push(change)
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), 20)
      this.#timer.unref()
    }
  }

  /** Writes the gathered changes as delivery rows; resolves when they are stored. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const changes = this.#changes.splice(0)
    this.#writing = this.#writing
      .then(() => (changes.length ? this.#write(changes) : undefined))
      .catch((error) => logger.error({ err: error }, 'recording message callbacks failed'))
    return this.#writing
  }

  async #write(changes: MessageChange[]) {
    const urls = await this.#urlsOf(changes)
    const now = dbTimeMs(DateTime.now())
    const rows = changes.flatMap((change) => {
      const url = urls.get(`${change.tenantId}:${change.userId}`)
      if (!url) return []
      const payload = JSON.stringify({ event: 'message.status', data: change.message })
      const row = { tenant_id: change.tenantId, user_id: change.userId, message_id: change.message.id, event: change.message.status, url }
      return [{ ...row, payload, status: 'pending', attempts: 0, next_attempt_at: now, created_at: now, updated_at: now }]
    })
    for (let index = 0; index < rows.length; index += 500) await db.table('message_callbacks').multiInsert(rows.slice(index, index + 500))
  }

  /** Each changed user's URL, from cache or one query; the tenant is part of the key and of the query. */
  async #urlsOf(changes: MessageChange[]) {
    const urls = new Map<string, string | null>()
    const missing = new Map<number, Set<number>>()
    for (const { tenantId, userId } of changes) {
      const key = `${tenantId}:${userId}`
      const cached = this.#urls.get(key)
      if (cached && cached.until > Date.now()) urls.set(key, cached.url)
      else missing.set(tenantId, (missing.get(tenantId) ?? new Set()).add(userId))
    }
    for (const [tenantId, userIds] of missing) {
      const users = await acrossAllTenants('message callbacks: user URLs', () =>
        User.query().where('tenant_id', tenantId).whereIn('id', [...userIds]).select('id', 'tenant_id', 'message_callback_url')
      )
      const found = new Map(users.map((user) => [user.id, user.messageCallbackUrl]))
      for (const userId of userIds) {
        const key = `${tenantId}:${userId}`
        urls.set(key, found.get(userId) ?? null)
        this.#urls.set(key, { url: found.get(userId) ?? null, until: Date.now() + URL_CACHE_MS })
      }
    }
    return urls
  }

  /** The user's delivery log, newest first. */
  log(userId: number, page: number, perPage: number, status?: string) {
    const query = MessageCallback.query().where('user_id', userId).orderBy('id', 'desc')
    if (status) query.where('status', status)
    return query.paginate(page, perPage)
  }
}

export const callbackRecorder = new CallbackRecorder()

/** Every process that changes messages (web for queued and cancelled, workers for the rest) records callbacks. */
messageFeed.on('change', (change) => callbackRecorder.record(change))
