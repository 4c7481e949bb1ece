import env from '#start/env'
import { defineConfig } from '#services/payments/define_config'

/**
 * Platform-wide settings of the payment gateways. Each brand's keys live in its own tenant
 * config (encrypted); this file only says where the gateways are reached and how long a
 * webhook stays acceptable.
 */
const paymentsConfig = defineConfig({
  stripe: {
    /** Unset: api.stripe.com. A local stand-in (e.g. http://127.0.0.1:12111) in dev and tests. */
    apiBase: env.get('STRIPE_API_BASE') ?? null,
    timeoutMs: 20_000,
  },
  paypal: {
    /** The SDK's base URL follows the brand's mode (sandbox or live); only the timeout is ours. */
    timeoutMs: 20_000,
  },
  fake: {
    /** Per-brand signing keys for the fake gateway's events are derived from this. */
    signingKey: env.get('APP_KEY').release(),
  },
  /** A webhook signed longer ago than this is refused as stale. */
  webhookToleranceSeconds: 300,
})

export default paymentsConfig
