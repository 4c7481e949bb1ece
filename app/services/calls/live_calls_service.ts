import Call, { LIVE_CALL_STATUSES } from '#models/call'
import User from '#models/user'
import { runForTenant } from '#tenants/context'
import { presentCall } from './call_feed.js'

/** At most this many live calls are listed at once (a brand's admin page, a stream's snapshot). */
const LIMIT = 200

/** What the live pages show of a call: its state plus whose it is. */
export type LiveCall = ReturnType<typeof presentCall> & { userId: number | null; userEmail?: string | null }

/**
 * The calls ringing or talking right now: one user's, or (userId null) the whole brand's for
 * its staff. Always read inside the brand, so another brand's calls cannot be listed.
 */
export class LiveCallsService {
  async list(tenant: { id: number; slug: string }, userId: number | null): Promise<LiveCall[]> {
    return runForTenant(tenant, async () => {
      const query = Call.query().whereIn('status', LIVE_CALL_STATUSES).orderBy('id', 'desc').limit(LIMIT)
      if (userId !== null) query.where('user_id', userId)
      const calls = await query
      return calls.map((call) => ({ ...presentCall(call), userId: call.userId }))
    })
  }

  /** A user's email, for the staff's live list (null when the user is gone). */
  async emailOf(tenant: { id: number; slug: string }, userId: number) {
    const user = await runForTenant(tenant, () => User.query().where('id', userId).select('id', 'email').first())
    return user?.email ?? null
  }

  /** The brand's live calls with each caller's email, for the admin. */
  async listForStaff(tenant: { id: number; slug: string }): Promise<LiveCall[]> {
    const calls = await this.list(tenant, null)
    const ids = [...new Set(calls.map((call) => call.userId).filter((id): id is number => id !== null))]
    const users = ids.length ? await runForTenant(tenant, () => User.query().whereIn('id', ids).select('id', 'email')) : []
    const emails = new Map(users.map((user) => [user.id, user.email]))
    return calls.map((call) => ({ ...call, userEmail: call.userId ? (emails.get(call.userId) ?? null) : null }))
  }
}

const liveCalls = new LiveCallsService()
export default liveCalls
