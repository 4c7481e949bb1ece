import { DateTime } from 'luxon'
import type Wallet from '#models/wallet'
import walletService, { MAX_MOVEMENT_MICROS } from '#services/money/wallet_service'
import { invalidAmount } from '#services/money/errors'
import { microsPerMinor } from '#services/money/amounts'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import payments from './manager.js'
import autoRecharge from './auto_recharge_service.js'
import { amountMicrosOf, checkRechargeAmount } from './recharge_input.js'
import { GATEWAY_LABELS } from './recharge_service.js'

export interface AutoRechargeInput {
  enabled: boolean
  threshold?: string | null
  thresholdMicros?: number | null
  amount?: string | null
  amountMicros?: number | null
  gateway?: string | null
}

/**
 * A user's auto-recharge settings: below `threshold`, charge `amount` to the payment method
 * saved with `gateway`. Switching it on needs a method saved by an earlier recharge; when the
 * wallet is already below the threshold, the first charge is tried at once.
 */
export function saveAutoRecharge(tenant: TenantSnapshot, userId: number, input: AutoRechargeInput) {
  return runForTenant(tenant, async () => {
    const wallet = await walletService.forUser(userId, tenant.config.pricing.currency)
    if (!input.enabled) {
      await wallet.merge({ autoRechargeEnabled: false, autoRechargeDueAt: null }).save()
      return wallet
    }
    if (!tenant.config.payments.autoRecharge.enabled) throw invalidAmount('enabled', 'This brand does not offer auto-recharge')
    const threshold = thresholdOf(input, wallet.currency)
    const amount = amountMicrosOf({ amount: input.amount, amountMicros: input.amountMicros })
    checkRechargeAmount(tenant, amount.micros, wallet.currency, amount.field)
    await checkGateway(tenant, wallet, input.gateway)
    await wallet
      .merge({
        autoRechargeEnabled: true,
        autoRechargeThresholdMicros: threshold,
        autoRechargeAmountMicros: amount.micros,
        autoRechargeGateway: input.gateway!,
        autoRechargeFailures: 0,
        autoRechargeLastError: null,
        autoRechargeDueAt: wallet.availableMicros < threshold ? DateTime.now() : null,
      })
      .save()
    if (wallet.autoRechargeDueAt) autoRecharge.kick(tenant.id, wallet.id)
    return wallet
  })
}

/** The balance below which to recharge: zero or more, in whole minor units. */
function thresholdOf(input: AutoRechargeInput, currency: string) {
  const given = input.thresholdMicros ?? input.threshold
  if (given === undefined || given === null || given === '') throw invalidAmount('threshold', 'Enter the balance below which to recharge')
  const { micros, field } = amountMicrosOf({ amount: input.threshold, amountMicros: input.thresholdMicros }, 'threshold')
  const name = field === 'amountMicros' ? 'thresholdMicros' : 'threshold'
  if (!Number.isSafeInteger(micros) || micros < 0 || micros > MAX_MOVEMENT_MICROS) throw invalidAmount(name, 'The threshold must be zero or more')
  if (micros % microsPerMinor(currency) !== 0) throw invalidAmount(name, `The threshold must be in whole ${currency} minor units`)
  return micros
}

/** The gateway must be offered, able to charge off-session, and hold this wallet's saved method. */
async function checkGateway(tenant: TenantSnapshot, wallet: Wallet, name: string | null | undefined) {
  if (!name) throw invalidAmount('gateway', 'Choose the payment method to charge')
  const gateway = await payments.use(tenant, name)
  if (!gateway.supportsOffSession) throw invalidAmount('gateway', `${GATEWAY_LABELS[name]} cannot charge without you present`)
  if (wallet.autoRechargeGateway !== name || !wallet.gatewayPaymentMethodRef) {
    throw invalidAmount('gateway', `Save a payment method with ${GATEWAY_LABELS[name]} first: recharge once and tick "keep it for auto-recharge"`)
  }
}
