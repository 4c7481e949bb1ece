import type { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import User from '#models/user'
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
    return this.#send(tenant, wallet.userId, subject, [
      `Your wallet fell below its auto-recharge threshold, so we tried to charge ${amount} to ${wallet.paymentMethodLabel ?? 'your saved payment method'}.`,
      `The payment did not go through: ${reason.replace(/\.$/, '')}.`,
      next,
    ])
  }

  async #send(tenant: TenantSnapshot, userId: number, subject: string, paragraphs: string[]) {
    try {
      const user = await User.find(userId)
      if (!user) return
      const { appName } = tenant.branding
      const support = tenant.config.support.email ? `\n\n${appName} support: ${tenant.config.support.email}` : ''
      await mail.send((message) => {
        message
          .to(user.email)
          .from(tenant.config.support.email ?? 'no-reply@brandline.test', appName)
          .subject(subject)
          .text(`Hello ${user.fullName ?? user.email},\n\n${paragraphs.join('\n\n')}${support}\n\n${appName}`)
      })
      logger.info({ tenant: tenant.slug, userId, subject }, 'payment notice sent')
    } catch (error) {
      logger.error({ err: error, tenant: tenant.slug, userId, subject }, 'payment notice not sent')
    }
  }
}

const notices = new PaymentNotices()
export default notices
