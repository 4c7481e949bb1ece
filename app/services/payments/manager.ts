import { createHmac } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import type { TenantSnapshot } from '#tenants/snapshot'
import { decryptSecret } from '#tenants/config/secrets'
import { MoneyException } from '#services/money/errors'
import { GATEWAYS, type GatewayName, type PaymentGateway } from './contract.js'
import type { PaymentsConfig } from './define_config.js'

export { defineConfig } from './define_config.js'

/** What the manager needs of a tenant: its id, config and the config's version (the cache key). */
export type GatewayTenant = Pick<TenantSnapshot, 'id' | 'configVersion' | 'config'>
type FakeFactory = (tenant: GatewayTenant, name: GatewayName) => PaymentGateway

/** One file per driver, loaded on first use. */
const DRIVERS = {
  stripe: () => import('./drivers/stripe_driver.js'),
  paypal: () => import('./drivers/paypal_driver.js'),
  fake: () => import('./drivers/fake_driver.js'),
}

const MAX_CACHED = 1000

/**
 * Builds a brand's gateway driver from its own config (secrets decrypted only here, at the
 * moment a driver is made) and the platform settings in config/payments.ts. Drivers are
 * cached per tenant, config version and gateway, so a saved config change makes new ones.
 */
export class PaymentsManager {
  #cache = new Map<string, PaymentGateway>()
  #fake: FakeFactory | null = null

  /** True for a gateway name Brandline knows. */
  isGateway(name: unknown): name is GatewayName {
    return typeof name === 'string' && (GATEWAYS as string[]).includes(name)
  }

  /** The gateways a brand has switched on, in a stable order. */
  enabled(tenant: Pick<TenantSnapshot, 'config'>): GatewayName[] {
    return GATEWAYS.filter((name) => tenant.config.payments.gateways[name].enabled)
  }

  /**
   * The brand's driver for a gateway. Unknown or switched-off gateways are the caller's input
   * error (422, field `gateway`); `allowDisabled` serves webhooks for payments already under way.
   */
  async use(tenant: GatewayTenant, name: string, options: { allowDisabled?: boolean } = {}): Promise<PaymentGateway> {
    if (!this.isGateway(name)) {
      throw new MoneyException(`Unknown payment gateway "${name}". Known gateways: ${GATEWAYS.join(', ')}`, {
        status: 422,
        code: 'UNKNOWN_GATEWAY',
        field: 'gateway',
      })
    }
    if (!options.allowDisabled && !tenant.config.payments.gateways[name].enabled) {
      throw new MoneyException(`The ${name} gateway is not enabled for this brand`, {
        status: 422,
        code: 'GATEWAY_NOT_ENABLED',
        field: 'gateway',
      })
    }
    if (this.#fake) return this.#fake(tenant, name)
    const key = `${tenant.id}:${tenant.configVersion}:${name}`
    let driver = this.#cache.get(key)
    if (!driver) {
      driver = await this.#build(tenant, name)
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear()
      this.#cache.set(key, driver)
    }
    return driver
  }

  /** The key that signs a brand's fake-gateway events, derived from APP_KEY. */
  fakeSigningKey(tenantId: number) {
    return createHmac('sha256', this.#config().fake.signingKey).update(`brandline:fake-gateway:${tenantId}`).digest('hex')
  }

  /** Tests: every `use()` returns what the factory makes, with no network. */
  fake(factory: FakeFactory) {
    this.#fake = factory
  }

  /** Undoes `fake()` and forgets built drivers (e.g. after changing config/payments in a test). */
  restore() {
    this.#fake = null
    this.#cache.clear()
  }

  #config() {
    return app.config.get<PaymentsConfig>('payments')
  }

  async #build(tenant: GatewayTenant, name: GatewayName): Promise<PaymentGateway> {
    const config = this.#config()
    const gateways = tenant.config.payments.gateways
    const tolerance = config.webhookToleranceSeconds
    if (name === 'stripe') {
      const { StripeDriver } = await DRIVERS.stripe()
      const stripe = gateways.stripe
      return new StripeDriver({
        secretKey: required(decryptSecret(stripe.secretKey), 'Stripe secret key'),
        webhookSecret: decryptSecret(stripe.webhookSecret),
        methods: stripe.methods,
        apiBase: config.stripe.apiBase,
        timeoutMs: config.stripe.timeoutMs,
        toleranceSeconds: tolerance,
      })
    }
    if (name === 'paypal') {
      const { PaypalDriver } = await DRIVERS.paypal()
      const paypal = gateways.paypal
      return new PaypalDriver({
        clientId: required(paypal.clientId, 'PayPal client ID'),
        clientSecret: required(decryptSecret(paypal.clientSecret), 'PayPal client secret'),
        webhookId: paypal.webhookId,
        mode: paypal.mode,
        timeoutMs: config.paypal.timeoutMs,
        toleranceSeconds: tolerance,
      })
    }
    const { FakeDriver } = await DRIVERS.fake()
    return new FakeDriver({ signingKey: this.fakeSigningKey(tenant.id), toleranceSeconds: tolerance })
  }
}

/** A gateway switched on without its keys cannot take money: say what is missing and where. */
function required(value: string | null, what: string): string {
  if (value) return value
  throw new MoneyException(`${what} is not set; the brand admin adds it under Admin > Payments > Gateways`, {
    status: 422,
    code: 'GATEWAY_NOT_CONFIGURED',
    field: 'gateway',
  })
}

const payments = new PaymentsManager()
export default payments
