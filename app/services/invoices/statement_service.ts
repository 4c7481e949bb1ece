import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import LedgerEntry, { LEDGER_CATEGORIES, type LedgerCategory } from '#models/ledger_entry'
import type Wallet from '#models/wallet'
import type { CategoryTotals } from '#models/invoice'
import { dbTime } from '#services/db_time'

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/

/** A period that is not `YYYY-MM`, or a month that has not ended yet. */
export class InvalidPeriodException extends Exception {
  static status = 422
  static code = 'INVALID_PERIOD'
}

/** The ledger does not add up: a statement is refused rather than printed wrong. */
export class LedgerMismatchException extends Exception {
  static status = 500
  static code = 'E_LEDGER_MISMATCH'
}

/** A wallet's month, from its ledger. All amounts are integer micro-units. */
export interface Statement {
  period: string
  currency: string
  openingBalanceMicros: number
  creditsMicros: number
  debitsMicros: number
  closingBalanceMicros: number
  totals: CategoryTotals
  /** Whether the wallet had any ledger entry by the end of the period (else there is nothing to state). */
  hasHistory: boolean
}

/** `YYYY-MM` -> the month's first instant and the next month's, in UTC. */
export function periodBounds(period: string) {
  if (!PERIOD.test(period)) throw new InvalidPeriodException(`"${period}" is not a month like 2026-10`)
  const start = DateTime.fromISO(`${period}-01T00:00:00`, { zone: 'utc' })
  return { start, end: start.plus({ months: 1 }) }
}

/** The month before the one `now` is in, as `YYYY-MM`. */
export function previousPeriod(now = DateTime.utc()) {
  return now.toUTC().startOf('month').minus({ months: 1 }).toFormat('yyyy-MM')
}

const toSafe = (value: unknown) => {
  const number = Number(value ?? 0)
  if (!Number.isSafeInteger(number)) throw new LedgerMismatchException(`Ledger sum ${value} is out of range`)
  return number
}

/**
 * Statements from the append-only ledger. Entries are never changed, so the statement of a
 * month that has ended is the same every time it is computed. Holds and releases move no
 * balance and are left out; everything else is grouped by category.
 */
export class StatementService {
  /** The wallet's statement for `period`; call inside the wallet's tenant. */
  async compute(wallet: Wallet, period: string): Promise<Statement> {
    const { start, end } = periodBounds(period)
    const [opening, closing, rows] = await Promise.all([
      this.#lastBefore(wallet, start),
      this.#lastBefore(wallet, end),
      this.#categoryRows(wallet, start, end),
    ])
    const totals: CategoryTotals = {}
    let credits = 0
    let debits = 0
    for (const row of rows) {
      const total = { count: toSafe(row.entries), creditsMicros: toSafe(row.credits), debitsMicros: toSafe(row.debits) }
      totals[row.category as LedgerCategory] = total
      credits += total.creditsMicros
      debits += total.debitsMicros
    }
    const openingBalanceMicros = opening?.balanceAfterMicros ?? 0
    const closingBalanceMicros = closing?.balanceAfterMicros ?? openingBalanceMicros
    if (openingBalanceMicros + credits - debits !== closingBalanceMicros) {
      throw new LedgerMismatchException(`Wallet ${wallet.id}'s ledger for ${period} does not add up`)
    }
    return {
      period,
      currency: wallet.currency,
      openingBalanceMicros,
      creditsMicros: credits,
      debitsMicros: debits,
      closingBalanceMicros,
      totals: sortTotals(totals),
      hasHistory: Boolean(closing),
    }
  }

  #lastBefore(wallet: Wallet, instant: DateTime) {
    return LedgerEntry.query()
      .where('wallet_id', wallet.id)
      .where('created_at', '<', dbTime(instant))
      .orderBy('id', 'desc')
      .first()
  }

  #categoryRows(wallet: Wallet, start: DateTime, end: DateTime) {
    return LedgerEntry.query()
      .where('wallet_id', wallet.id)
      .where('created_at', '>=', dbTime(start))
      .where('created_at', '<', dbTime(end))
      .whereNotIn('kind', ['hold', 'release'])
      .groupBy('category')
      .select('category')
      .select(
        db.raw('COUNT(*) as entries'),
        db.raw('SUM(CASE WHEN amount_micros > 0 THEN amount_micros ELSE 0 END) as credits'),
        db.raw('SUM(CASE WHEN amount_micros < 0 THEN -amount_micros ELSE 0 END) as debits')
      )
      .pojo<{ category: string; entries: unknown; credits: unknown; debits: unknown }>()
  }
}

/** Categories in the ledger's own order (any newer one after them), so statements read alike. */
function sortTotals(totals: CategoryTotals): CategoryTotals {
  const order = [...LEDGER_CATEGORIES, ...Object.keys(totals).sort()] as LedgerCategory[]
  return Object.fromEntries(order.filter((c) => totals[c]).map((c) => [c, totals[c]]))
}

const statementService = new StatementService()
export default statementService
