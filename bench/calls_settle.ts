/**
 * The second half of `npm run bench:calls` (see bench/calls.ts): what the decisions did, every
 * call they opened settled through the call service as a switch would report it, and the money
 * checked afterwards. Runs in the bench process with the app booted (no HTTP).
 */
import db from '@adonisjs/lucid/services/db'
import callService from '#services/calls/call_service'

const SETTLE_CONCURRENCY = 16

/** Decisions by outcome, from the calls they left behind (every decision writes one row, forwards two). */
export async function outcomes() {
  const rows: { direction: string; status: string; route: string | null; sip_code: number | null; total: number }[] = await db
    .from('calls')
    .select('direction', 'status', 'route', 'sip_code')
    .count('* as total')
    .groupBy('direction', 'status', 'route', 'sip_code')
    .orderBy('total', 'desc')
  return rows.map((row) => {
    const what = row.status === 'rejected' ? `rejected ${row.sip_code}` : `${row.status} via ${row.route}`
    return `${row.direction.padEnd(8)} ${what.padEnd(24)} ${Number(row.total).toLocaleString('en-US')}`
  })
}

/**
 * Ends every live call: about two in three answered and billed for 1 to 240 seconds, the rest
 * unanswered (their hold is released). Returns how many calls were settled.
 */
export async function settleAll() {
  const live: { uuid: string }[] = await db.from('calls').whereIn('status', ['ringing', 'answered']).select('uuid')
  let next = 0
  const worker = async () => {
    while (next < live.length) {
      const { uuid } = live[next++]
      const at = new Date()
      const talk = Math.random() < 0.66 ? 1 + Math.floor(Math.random() * 240) : 0
      if (talk > 0) await callService.onEvent({ type: 'answered', callUuid: uuid, switchRef: `bench-${uuid}`, at })
      await callService.onEvent({
        type: 'ended', callUuid: uuid, switchRef: `bench-${uuid}`, at: new Date(at.getTime() + talk * 1000), billSeconds: talk,
        cause: talk > 0 ? 'NORMAL_CLEARING' : 'NO_ANSWER', sipCode: talk > 0 ? null : 480,
      })
    }
  }
  await Promise.all(Array.from({ length: SETTLE_CONCURRENCY }, worker))
  return live.length
}

/** Wallets below zero, holds still open, and wallets whose held total disagrees with their open holds. */
export async function moneyCheck() {
  const [overdrawn] = await db.from('wallets').whereRaw('balance_micros - held_micros + credit_limit_micros < 0').count('* as total')
  const [open] = await db.from('wallet_holds').where('status', 'open').count('* as total')
  const mismatched = await db.rawQuery(
    `SELECT COUNT(*) AS total FROM wallets w
      WHERE w.held_micros <> (SELECT COALESCE(SUM(h.amount_micros), 0) FROM wallet_holds h WHERE h.wallet_id = w.id AND h.status = 'open')`
  )
  return { overdrawn: Number(overdrawn.total), openHolds: Number(open.total), mismatched: Number(mismatched[0][0].total) }
}
