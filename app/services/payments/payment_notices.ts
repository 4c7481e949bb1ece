import type { DateTime } from 'luxon'
import { sendUserNotice } from '#services/user_notice'
import type Wallet from '#models/wallet'
import { formatMicros } from '#services/money'
import type { TenantSnapshot } from '#tenants/snapshot'

/**
 * Mails about the user's payments, in the brand's name. A mail that cannot be sent is logged
 * (with the tenant) and never undoes what the payment code already saved.
 */
export class PaymentNotices {
  /** An auto-recharge did not go through: why, and when it is tried again (or that it is now off). */
  autoRechargeFailed(tenant: TenantSnapshot, wallet: Wallet, reason: string, nextAttempt: DateTime | null) {
    const amount = formatMicros(wallet.autoRechargeAmountMicros, wallet.currency)
    const next = nextAttempt
      ? `We will try again on ${nextAttempt.toUTC().toFormat("d LLLL yyyy 'at' HH:mm 'UTC'")}. You can also top up yourself at any time in the portal.`
      : 'Auto-recharge is now switched off for your wallet. Top up in the portal, and switch it back on there with a working payment method.'
    const subject = nextAttempt ? `Your ${tenant.branding.appName} auto-recharge failed` : `Auto-recharge switched off on your ${tenant.branding.appName} wallet`
    return sendUserNotice(tenant, wallet.userId, subject, [
      `Your wallet fell below its auto-recharge threshold, so we tried to charge ${amount} to ${wallet.paymentMethodLabel ?? 'your saved payment method'}.`,
      `The payment did not go through: ${reason.replace(/\.$/, '')}.`,
      next,
    ])
  }
}

const notices = new PaymentNotices()
export default notices
