import { createHash } from 'node:crypto'
import { dbTime } from '#services/db_time'
import { setTimeout as sleep } from 'node:timers/promises'
import { DateTime } from 'luxon'
import IdempotencyKey from '#models/idempotency_key'
import { isUniqueViolation } from '#tenants/config/service'
import { acrossAllTenants } from '#tenants/context'

/** How long a key's first answer is kept and replayed, as in Stripe's API. */
export const KEY_TTL_HOURS = 24
const WAIT_FOR_FIRST_MS = 15_000
const POLL_MS = 40
/** A key still `processing` after this long belongs to a process that died mid-request: free it. */
const ORPHAN_MINUTES = 2

export type Claim =
  | { kind: 'claimed'; record: IdempotencyKey }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'busy' }

/** The fingerprint of a request: same key with a different fingerprint is a client bug. */
export function requestHash(method: string, path: string, body: unknown) {
  return createHash('sha256').update(`${method} ${path}\n${canonical(body)}`).digest('hex')
}

/** JSON with sorted keys, so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as any)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/**
 * Stripe's idempotency semantics on the database, so they hold across processes: the first
 * request with a key claims it and runs; a later one with the same body gets the stored
 * answer; with a different body it is refused; one that arrives while the first is still
 * running waits for that answer instead of running again.
 */
export class IdempotencyService {
  async claim(owner: string, key: string, hash: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS
    while (Date.now() <= deadline) {
      try {
        const record = await IdempotencyKey.create({ owner, idempotencyKey: key, requestHash: hash, status: 'processing' })
        return { kind: 'claimed', record }
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
      }
      const existing = await IdempotencyKey.query().where('owner', owner).where('idempotency_key', key).first()
      if (!existing) continue
      const expired = existing.createdAt < DateTime.now().minus({ hours: KEY_TTL_HOURS })
      const orphaned = existing.status === 'processing' && existing.updatedAt < DateTime.now().minus({ minutes: ORPHAN_MINUTES })
      if (expired || orphaned) {
        await IdempotencyKey.query().where('id', existing.id).delete()
        continue
      }
      if (existing.requestHash !== hash) return { kind: 'mismatch' }
      if (existing.status === 'completed') {
        return { kind: 'replay', status: existing.responseStatus!, body: existing.responseBody ?? '' }
      }
      await sleep(POLL_MS)
    }
    return { kind: 'busy' }
  }

  /** Keeps the first answer for replays. */
  async complete(record: IdempotencyKey, status: number, body: string) {
    record.merge({ status: 'completed', responseStatus: status, responseBody: body })
    await record.save()
  }

  /** The request never ran to an answer worth keeping (invalid input, a crash): free the key. */
  async abandon(record: IdempotencyKey) {
    await IdempotencyKey.query().where('id', record.id).delete()
  }

  /** Drops answers older than the replay window (a scheduler pass). */
  async prune() {
    const cutoff = dbTime(DateTime.now().minus({ hours: KEY_TTL_HOURS }))
    const deleted = await acrossAllTenants('prune idempotency keys', () =>
      IdempotencyKey.query().where('created_at', '<', cutoff).delete()
    )
    return Array.isArray(deleted) ? Number(deleted[0] ?? 0) : Number(deleted ?? 0)
  }
}

const idempotency = new IdempotencyService()
export default idempotency
