import { DateTime } from 'luxon'
import Call from '#models/call'
import User from '#models/user'
import { dbTime } from '#services/db_time'
import { toE164 } from '#services/phone'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { CallRuleException } from './call_rule_service.js'

/** Filters of a call list; dates are whole UTC days (YYYY-MM-DD), both ends included. */
export interface CallFilters {
  direction?: 'inbound' | 'outbound'
  status?: Call['status']
  from?: string
  to?: string
  userId?: number
  /** A number on either side of the call. */
  number?: string
}

/** Rows one CSV export may hold; narrow the dates for more. */
export const EXPORT_LIMIT = 100_000
const EXPORT_BATCH = 1_000

/**
 * The read side of calls: a user's own history and the brand's CDR for its staff. Always
 * inside the tenant, so another brand's calls are never seen.
 */
export class CallQueries {
  /** The user's calls, newest first. */
  forUser(tenant: TenantSnapshot, userId: number, filters: CallFilters, page = 1, perPage = 25) {
    return runForTenant(tenant, () => filtered(Call.query().where('user_id', userId), filters).orderBy('id', 'desc').paginate(page, perPage))
  }

  /** One call of the user's (null for anyone else's). */
  findForUser(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, () => Call.query().where('id', id).where('user_id', userId).first())
  }

  /** The brand's CDR with each caller's email, newest first. */
  forBrand(tenant: TenantSnapshot, filters: CallFilters, page = 1, perPage = 50) {
    return runForTenant(tenant, async () => {
      const calls = await filtered(Call.query(), filters).orderBy('id', 'desc').paginate(page, perPage)
      return { calls, emails: await emailsOf(calls.all()) }
    })
  }

  /** The brand's CDR in id batches (newest first), for a streamed export. */
  async *exportBatches(tenant: TenantSnapshot, filters: CallFilters) {
    let before = Number.MAX_SAFE_INTEGER
    let sent = 0
    while (sent < EXPORT_LIMIT) {
      const batch = await runForTenant(tenant, () =>
        filtered(Call.query(), filters).where('id', '<', before).orderBy('id', 'desc').limit(Math.min(EXPORT_BATCH, EXPORT_LIMIT - sent))
      )
      if (!batch.length) return
      yield { calls: batch, emails: await runForTenant(tenant, () => emailsOf(batch)) }
      sent += batch.length
      before = batch[batch.length - 1].id
    }
  }
}

/** Checks that the date range reads forwards; the validator has checked each date alone. */
export function checkRange(filters: CallFilters) {
  if (filters.from && filters.to && filters.to < filters.from) {
    throw new CallRuleException('The to date must be on or after the from date', { field: 'to' })
  }
  return filters
}

function filtered(query: ModelQueryBuilderContract<typeof Call>, filters: CallFilters) {
  if (filters.direction) query.where('direction', filters.direction)
  if (filters.status) query.where('status', filters.status)
  if (filters.userId) query.where('user_id', filters.userId)
  if (filters.from) query.where('started_at', '>=', dbTime(DateTime.fromISO(filters.from, { zone: 'utc' })))
  if (filters.to) query.where('started_at', '<', dbTime(DateTime.fromISO(filters.to, { zone: 'utc' }).plus({ days: 1 })))
  if (filters.number) {
    const e164 = toE164(filters.number) ?? filters.number
    query.where((either) => either.where('from_number', e164).orWhere('to_number', e164))
  }
  return query
}

async function emailsOf(calls: Call[]) {
  const ids = [...new Set(calls.map((call) => call.userId).filter((id): id is number => id !== null))]
  const users = ids.length ? await User.query().whereIn('id', ids).select('id', 'email') : []
  return new Map(users.map((user) => [user.id, user.email]))
}

const callQueries = new CallQueries()
export default callQueries
