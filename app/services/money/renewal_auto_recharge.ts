import type Wallet from '#models/wallet'

/**
 * Asks for an off-session recharge of the wallet because `neededMicros` must be paid; true
 * when money was (or may have been) added.
 */
export type AutoRechargeAttempt = (wallet: Wallet, neededMicros: number) => Promise<boolean>

/**
 * The default auto-recharge attempt: when the wallet has auto-recharge on with a saved
 * payment method, ask the payments code for a charge now (respecting its backoff), loaded on
 * first use so renewals pull in no gateway SDK until then.
 */
export async function autoRechargeFromPayments(wallet: Wallet, neededMicros = 0): Promise<boolean> {
  if (!wallet.autoRechargeEnabled || !wallet.gatewayPaymentMethodRef) return false
  const { default: autoRecharge } = await import('#services/payments/auto_recharge_service')
  return autoRecharge.rechargeFor(wallet.tenantId, wallet.id, neededMicros)
}
