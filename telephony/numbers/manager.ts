import app from '@adonisjs/core/services/app'
import type { NumberProvider } from '#telephony/types'
import type { TelephonyConfig } from '#config/telephony'
import type { TenantSnapshot } from '#tenants/snapshot'
import { NumberProviderConfigError } from './errors.js'

/** One file per driver, loaded on first use. */
const DRIVERS = {
  simulated: () => import('#telephony/drivers/simulated_numbers_driver'),
  telnyx: () => import('#telephony/drivers/telnyx_numbers_driver'),
}

export type NumberProviderName = keyof typeof DRIVERS

/**
 * Where a brand's numbers come from (the AdonisJS manager pattern, as in drive and ally):
 * brands on the simulated deployment model use the simulated stock, every other brand the
 * platform's provider from config/telephony.ts (`numbers.provider`). Instances are cached by
 * name; tests swap every provider for one with `fake()`.
 */
export class NumberProviderManager {
  #cache = new Map<string, NumberProvider>()
  #fake: NumberProvider | null = null

  /** The provider that sells numbers to this brand. */
  for(tenant: Pick<TenantSnapshot, 'config'>): Promise<NumberProvider> {
    const name = tenant.config.telephony.model === 'simulated' ? 'simulated' : this.#config().numbers.provider
    return this.use(name)
  }

  /** A provider by name, e.g. the one a number was bought from (phone_numbers.provider). */
  async use(name: string): Promise<NumberProvider> {
    if (this.#fake) return this.#fake
    const cached = this.#cache.get(name)
    if (cached) return cached
    const provider = await this.#build(name)
    this.#cache.set(name, provider)
    return provider
  }

  /** Tests: every `for()` and `use()` answers with this provider until `restore()`. */
  fake(provider: NumberProvider) {
    this.#fake = provider
    return provider
  }

  /** Undoes `fake()` and forgets built providers (e.g. after changing config in a test). */
  restore() {
    this.#fake = null
    this.#cache.clear()
  }

  async #build(name: string): Promise<NumberProvider> {
    if (!(name in DRIVERS)) {
      throw new NumberProviderConfigError(
        `Unknown number provider "${name}". Known providers: ${Object.keys(DRIVERS).join(', ')}. ` +
          'Fix numbers.provider in config/telephony.ts (env NUMBER_PROVIDER).'
      )
    }
    if (name === 'telnyx') {
      const { apiKey, baseUrl } = this.#config().numbers.telnyx
      if (!apiKey) {
        throw new NumberProviderConfigError('The telnyx number provider needs an API key: set TELNYX_API_KEY (numbers.telnyx in config/telephony.ts).')
      }
      const { TelnyxNumbersDriver } = await DRIVERS.telnyx()
      return new TelnyxNumbersDriver({ apiKey, baseUrl })
    }
    const { SimulatedNumbersDriver } = await DRIVERS.simulated()
    return new SimulatedNumbersDriver()
  }

  #config() {
    return app.config.get<TelephonyConfig>('telephony')
  }
}

const numberProviders = new NumberProviderManager()
export default numberProviders
