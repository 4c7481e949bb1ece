import type { DateTime } from 'luxon'
import { sendUserNotice } from '#services/user_notice'
import type PhoneNumber from '#models/phone_number'
import { formatMicros } from '#services/money'
import type { TenantSnapshot } from '#tenants/snapshot'

/**
 * The mails a renewal sends, in the brand's name. A mail that cannot be sent is logged and
 * never undoes the renewal's outcome (the money and the number's status are already saved).
 */
export class RenewalNotices {
  /** The wallet could not pay: what is owed, and the date the number is released without payment. */
  paymentFailed(tenant: TenantSnapshot, number: PhoneNumber, userId: number, graceUntil: DateTime) {
    const amount = formatMicros(number.monthlyPriceMicros, tenant.config.pricing.currency)
    const deadline = graceUntil.toUTC().toFormat("d LLLL yyyy, HH:mm 'UTC'")
    return sendUserNotice(tenant, userId, `Your number ${number.e164} could not be renewed`, [
      `We could not renew your number ${number.e164}: its monthly price of ${amount} is more than your wallet balance.`,
      `Top up your wallet before ${deadline} and the number renews automatically. After that date the number is released and you may lose it.`,
    ])
  }

  /** The grace period ended unpaid: the number has left the account. */
  released(tenant: TenantSnapshot, number: PhoneNumber, userId: number) {
    return sendUserNotice(tenant, userId, `Your number ${number.e164} has been released`, [
      `Your number ${number.e164} was not renewed before the end of its grace period, so it has been removed from your account.`,
      `Contact support soon if you want it back: released numbers are held for a short time before they go to someone else.`,
    ])
  }
}
