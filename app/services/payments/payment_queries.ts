import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import User from '#models/user'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'

/** Read side of payments: a user's own, and the brand's for its staff. Always inside the tenant. */
export class PaymentQueries {
  /** The user's payments, newest first. */
  forUser(tenant: TenantSnapshot, userId: number, page = 1, perPage = 25) {
    return runForTenant(tenant, () =>
      Payment.query().where('user_id', userId).orderBy('id', 'desc').paginate(page, Math.min(perPage, 100))
    )
  }

  /** One of the user's payments; another user's or another brand's is not found (404). */
  findForUser(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, () => Payment.query().where('id', id).where('user_id', userId).firstOrFail())
  }

  /** The user's payment by the gateway's ref (PayPal sends the buyer back with its order id). */
  findByRefForUser(tenant: TenantSnapshot, userId: number, gateway: string, ref: string) {
    return runForTenant(tenant, () =>
      Payment.query().where('gateway', gateway).where('gateway_ref', ref).where('user_id', userId).firstOrFail()
    )
  }

  /** The brand's payments with the payer's email, newest first. */
  forBrand(tenant: TenantSnapshot, page = 1, perPage = 50) {
    return runForTenant(tenant, async () => {
      const payments = await Payment.query().orderBy('id', 'desc').paginate(page, perPage)
      const ids = [...new Set(payments.all().map((payment) => payment.userId))]
      const users = ids.length ? await User.query().whereIn('id', ids) : []
      const emails = new Map(users.map((user) => [user.id, user.email]))
      return { payments, emails }
    })
  }

  /** One brand payment with its refunds (404 when it is not this brand's). */
  findForBrand(tenant: TenantSnapshot, id: number) {
    return runForTenant(tenant, async () => {
      const payment = await Payment.findOrFail(id)
      const refunds = await PaymentRefund.query().where('payment_id', id).orderBy('id', 'asc')
      const payer = await User.find(payment.userId)
      return { payment, refunds, payerEmail: payer?.email ?? null }
    })
  }
}

const paymentQueries = new PaymentQueries()
export default paymentQueries
