import type Wallet from '#models/wallet'

/** Asks for an off-session recharge of the wallet; true when money was (or may have been) added. */
export type AutoRechargeAttempt = (wallet: Wallet) => Promise<boolean>

/** What the renewal needs of the payments code's auto-recharge module. */
interface AutoRechargeModule {
  /** A charge for this wallet now, if the payments code offers one. */
  rechargeNow?: (walletId: number) => Promise<unknown>
  /** Otherwise its regular attempt: charges a wallet that is due for auto-recharge (respecting backoff). */
  default: { attempt(tenantId: number, walletId: number): Promise<boolean> }
}

/**
 * The default auto-recharge attempt: when the wallet has auto-recharge on with a saved
 * payment method, ask the payments code to charge it (`rechargeNow` when it exports one,
 * else its regular attempt), loaded on first use so renewals pull in no gateway SDK until then.
 */
export async function autoRechargeFromPayments(wallet: Wallet): Promise<boolean> {
  if (!wallet.autoRechargeEnabled || !wallet.gatewayPaymentMethodRef) return false
  const payments: AutoRechargeModule = await import('#services/payments/auto_recharge_service')
  if (typeof payments.rechargeNow === 'function') return Boolean(await payments.rechargeNow(wallet.id))
  return payments.default.attempt(wallet.tenantId, wallet.id)
}
