import { MoneyException } from '#services/money/errors'
import { PaymentGatewayError } from './contract.js'

/**
 * A gateway's failure as the buyer or admin should hear it: a decline is 402, a brand
 * misconfiguration 422 on `gateway`, an outage 502 (try again later).
 */
export function gatewayFailure(error: unknown): Error {
  if (!(error instanceof PaymentGatewayError)) return error as Error
  if (error.code === 'declined') return new MoneyException(error.message, { status: 402, code: 'PAYMENT_DECLINED' })
  if (error.code === 'misconfigured' || error.code === 'unsupported') {
    return new MoneyException(error.message, { status: 422, code: 'GATEWAY_NOT_CONFIGURED', field: 'gateway' })
  }
  return new MoneyException('The payment gateway could not be reached; try again in a few minutes', {
    status: 502,
    code: 'GATEWAY_UNAVAILABLE',
  })
}
