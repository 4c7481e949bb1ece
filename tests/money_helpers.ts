import type Tenant from '#models/tenant'
import type User from '#models/user'
import Wallet from '#models/wallet'
import LedgerEntry from '#models/ledger_entry'
import walletService from '#services/money/wallet_service'
import { runForTenant } from '#tenants/context'

/** A user's wallet holding `micros`, funded by an adjustment as the ledger requires. */
export async function fundedWallet(tenant: Tenant, user: User, micros: number, currency = 'USD') {
  return runForTenant(tenant, async () => {
    const wallet = await walletService.forUser(user.id, currency)
    if (micros > 0) await walletService.adjust(wallet.id, micros, 'test funds', null)
    return Wallet.findOrFail(wallet.id)
  })
}

/** The wallet row as the database has it now. */
export function reload(tenant: Tenant, walletId: number) {
  return runForTenant(tenant, () => Wallet.findOrFail(walletId))
}

/** Every ledger entry of a wallet, oldest first. */
export function ledgerOf(tenant: Tenant, walletId: number) {
  return runForTenant(tenant, () => LedgerEntry.query().where('wallet_id', walletId).orderBy('id', 'asc'))
}
