import type Wallet from '#models/wallet'
import type WalletHold from '#models/wallet_hold'
import type LedgerEntry from '#models/ledger_entry'
import { microsToAmount } from '#services/admin_money_input'

/** An amount as the API shows it: exact micro-units and the same value as a decimal string. */
export function money(micros: number, currency: string) {
  return { micros, amount: microsToAmount(micros), currency }
}

/** The wallet as its owner sees it (no gateway references). */
export function serializeWallet(wallet: Wallet, holds: WalletHold[] = []) {
  const c = wallet.currency
  return {
    id: wallet.id,
    currency: c,
    balance: money(wallet.balanceMicros, c),
    held: money(wallet.heldMicros, c),
    available: money(Math.max(0, wallet.availableMicros), c),
    creditLimit: money(wallet.creditLimitMicros, c),
    autoRecharge: {
      enabled: wallet.autoRechargeEnabled,
      threshold: money(wallet.autoRechargeThresholdMicros, c),
      amount: money(wallet.autoRechargeAmountMicros, c),
      gateway: wallet.autoRechargeGateway,
      paymentMethod: wallet.paymentMethodLabel,
      failures: wallet.autoRechargeFailures,
      lastError: wallet.autoRechargeLastError,
    },
    holds: holds.map((hold) => serializeHold(hold, c)),
  }
}

export function serializeHold(hold: WalletHold, currency: string) {
  return {
    id: hold.id,
    amount: money(hold.amountMicros, currency),
    category: hold.category,
    description: hold.description,
    status: hold.status,
    expiresAt: hold.expiresAt.toISO(),
    createdAt: hold.createdAt.toISO(),
  }
}

/** A ledger line. `amount` is the signed change to the balance; `held` the change to holds. */
export function serializeEntry(entry: LedgerEntry) {
  const c = entry.currency
  return {
    id: entry.id,
    kind: entry.kind,
    category: entry.category,
    amount: money(entry.amountMicros, c),
    held: money(entry.heldDeltaMicros, c),
    balanceAfter: money(entry.balanceAfterMicros, c),
    reference: entry.referenceType ? { type: entry.referenceType, id: entry.referenceId } : null,
    description: entry.description,
    createdAt: entry.createdAt.toISO(),
  }
}
