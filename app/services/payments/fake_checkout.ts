import { randomBytes } from 'node:crypto'
import type Payment from '#models/payment'
import type { TenantSnapshot } from '#tenants/snapshot'
import payments from './manager.js'
import webhooks from './webhook_service.js'
import { FAKE_SIGNATURE_HEADER, signFakeEvent, type FakeEventBody } from './drivers/fake_driver.js'

/**
 * The fake gateway's checkout page, server side: the buyer's Pay or Decline becomes a signed,
 * webhook-shaped event handed to the webhook service, so the quickstart exercises the same
 * verification, replay protection and crediting as a real gateway.
 */
export function decideFakeCheckout(tenant: TenantSnapshot, payment: Payment, decision: 'pay' | 'decline') {
  const body: FakeEventBody = {
    id: `fake_evt_${randomBytes(12).toString('hex')}`,
    type: decision === 'pay' ? 'payment.succeeded' : 'payment.failed',
    created: Math.floor(Date.now() / 1000),
    payment: {
      id: payment.id,
      ref: payment.gatewayRef ?? '',
      amount_micros: payment.amountMicros,
      currency: payment.currency,
      save_method: payment.savePaymentMethod,
    },
  }
  const rawBody = JSON.stringify(body)
  const signature = signFakeEvent(payments.fakeSigningKey(tenant.id), rawBody)
  return webhooks.handle(tenant, 'fake', rawBody, { [FAKE_SIGNATURE_HEADER]: signature })
}
