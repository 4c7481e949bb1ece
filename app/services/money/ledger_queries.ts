import { DateTime } from 'luxon'
import { dbTime } from '#services/db_time'
import LedgerEntry from '#models/ledger_entry'
import Wallet from '#models/wallet'
import WalletHold from '#models/wallet_hold'
import walletService from '#services/money/wallet_service'
import type { TenantSnapshot } from '#tenants/snapshot'

export interface LedgerFilters {
  page?: number
  perPage?: number
  category?: string
  kind?: string
  from?: Date
  to?: Date
  /** Holds and releases are bookkeeping; people usually want money that moved. */
  includeHolds?: boolean
}

/** Read side of the wallet: the user's wallet with its open holds, and its ledger pages. */
export class LedgerQueries {
  async walletOf(tenant: TenantSnapshot, userId: number) {
    const wallet = await walletService.forUser(userId, tenant.config.pricing.currency)
    const holds = await WalletHold.query().where('wallet_id', wallet.id).where('status', 'open').orderBy('id', 'desc').limit(50)
    return { wallet, holds }
  }

  entries(wallet: Wallet, filters: LedgerFilters = {}) {
    const query = LedgerEntry.query().where('wallet_id', wallet.id).orderBy('id', 'desc')
    if (!filters.includeHolds && !filters.kind) query.whereNotIn('kind', ['hold', 'release'])
    if (filters.kind) query.where('kind', filters.kind)
    if (filters.category) query.where('category', filters.category)
    if (filters.from) query.where('created_at', '>=', dbTime(filters.from))
    if (filters.to) query.where('created_at', '<', dbTime(filters.to))
    return query.paginate(filters.page ?? 1, Math.min(filters.perPage ?? 25, 100))
  }

  /** Entries of one calendar month, oldest first (statements). */
  month(wallet: Wallet, period: DateTime) {
    return LedgerEntry.query()
      .where('wallet_id', wallet.id)
      .where('created_at', '>=', dbTime(period.startOf('month')))
      .where('created_at', '<', dbTime(period.startOf('month').plus({ months: 1 })))
      .orderBy('id', 'asc')
  }
}

const ledgerQueries = new LedgerQueries()
export default ledgerQueries
