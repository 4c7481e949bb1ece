import { createHash } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { TenantSnapshot } from '#tenants/snapshot'
import { decryptSecret } from '#tenants/config/secrets'
import { DEPLOYMENT_MODELS, type VoiceDriver } from '#telephony/types'
import type { TelephonyConfig } from '#config/telephony'
import type { SimulatedVoiceDriver } from '#telephony/drivers/simulated_voice_driver'
import { VoiceConfigError } from './errors.js'
import { LazyVoiceDriver, type ClosableVoiceDriver } from './lazy_driver.js'

/** What the manager needs of a brand. */
export type VoiceTenant = Pick<TenantSnapshot, 'id' | 'slug' | 'config'>

export interface FreeSwitchSettings {
  hosts: string[]
  password: string
  name?: string
  /** Hybrid model: the PSTN leg goes to the brand's PBX trunk (host:port) instead of the platform gateway. */
  pstnGateway?: string
}

/** How drivers are made; tests pass their own to see what the manager asks for. */
export interface VoiceFactories {
  simulated(): Promise<ClosableVoiceDriver>
  freeswitch(settings: FreeSwitchSettings): Promise<ClosableVoiceDriver>
}

/** One file per driver, loaded on first use (the FreeSWITCH one pulls modesl). */
const DEFAULT_FACTORIES: VoiceFactories = {
  async simulated() {
    const { SimulatedVoiceDriver } = await import('#telephony/drivers/simulated_voice_driver')
    return new SimulatedVoiceDriver()
  },
  async freeswitch(settings) {
    const { FreeSwitchVoiceDriver } = await import('#telephony/drivers/freeswitch_driver')
    const { pstnGateway, ...connection } = settings
    return new FreeSwitchVoiceDriver({ ...connection, ...(pstnGateway ? { dial: { pstnGateway } } : {}) })
  },
}

interface Cached {
  fingerprint: string
  driver: ClosableVoiceDriver
}

const CONFIG_FILE = "the brand's config document (PATCH /api/v1/admin/config)"

/**
 * Picks each brand's voice driver from its `telephony.model` (DESIGN.md, "one contract, a
 * driver per deployment model"): simulated -> the in-process switch; saas -> the platform's
 * FreeSWITCH pool (config/telephony.ts); dedicated and on_premise -> the brand's own FreeSWITCH
 * hosts; hybrid -> the pool, bridging calls out through the brand's PBX trunk (devices still
 * register with the platform, as the routing service has it). Drivers are cached
 * per brand and settings; a settings change builds a new one and closes the old. Shared
 * drivers (the simulator, the pool) are built once for all brands.
 */
export class VoiceManager {
  #shared = new Map<string, Cached>()
  #brands = new Map<number, Cached>()
  #fake: VoiceDriver | null = null

  constructor(private factories: VoiceFactories = DEFAULT_FACTORIES) {}

  /** The brand's driver; throws VoiceConfigError naming the setting to fix when it cannot be made. */
  for(tenant: VoiceTenant): VoiceDriver {
    if (this.#fake) return this.#fake
    const model = tenant.config.telephony.model as string
    if (model === 'simulated' || model === 'saas') {
      this.#forget(tenant.id)
      return model === 'simulated' ? this.#simulator() : this.#pool()
    }
    if (model === 'dedicated' || model === 'on_premise') return this.#dedicated(tenant, model)
    if (model === 'hybrid') return this.#hybrid(tenant)
    throw new VoiceConfigError(
      `Unknown telephony model "${model}" for brand ${tenant.slug}: set telephony.model in ${CONFIG_FILE} to one of ${DEPLOYMENT_MODELS.join(', ')}`
    )
  }

  /** The in-process switch when the brand is on the simulated model (admin simulations), else null. */
  async simulator(tenant: VoiceTenant): Promise<SimulatedVoiceDriver | null> {
    const driver = this.#fake ?? (tenant.config.telephony.model === 'simulated' ? this.for(tenant) : null)
    const resolved = driver instanceof LazyVoiceDriver ? await driver.resolve() : driver
    return resolved && 'simulateInbound' in resolved ? (resolved as SimulatedVoiceDriver) : null
  }

  /** Tests: every brand gets this driver until restore(). */
  fake(driver: VoiceDriver) {
    this.#fake = driver
    return driver
  }

  /** Undoes fake() and closes every driver built so far (the next call builds afresh). */
  async restore() {
    this.#fake = null
    const all = [...this.#shared.values(), ...this.#brands.values()]
    this.#shared.clear()
    this.#brands.clear()
    await Promise.all(all.map((cached) => this.#close(cached.driver)))
  }

  #config() {
    return app.config.get<TelephonyConfig>('telephony')
  }

  #simulator() {
    const fingerprint = JSON.stringify(this.#config().simulated)
    return this.#cached(this.#shared, 'simulated', fingerprint, () => new LazyVoiceDriver('simulated', {}, () => this.factories.simulated()))
  }

  #pool() {
    const settings = { ...this.#poolSettings(), name: 'saas' }
    return this.#cached(this.#shared, 'pool', fingerprintOf(settings), () => this.#freeswitch('saas', settings))
  }

  #poolSettings() {
    const { hosts, password } = this.#config().freeswitch
    if (!hosts.length) {
      throw new VoiceConfigError('The platform FreeSWITCH pool is empty: set FREESWITCH_HOSTS (config/telephony.ts, freeswitch.hosts)')
    }
    return { hosts, password }
  }

  #dedicated(tenant: VoiceTenant, model: 'dedicated' | 'on_premise') {
    const { hosts, eslPassword } = tenant.config.telephony.freeswitch
    if (!hosts.length) {
      throw new VoiceConfigError(`Brand ${tenant.slug} is on the ${model} model with no FreeSWITCH host: set telephony.freeswitch.hosts in ${CONFIG_FILE}`)
    }
    const password = decryptSecret(eslPassword)
    if (!password) {
      throw new VoiceConfigError(`Brand ${tenant.slug} has no ESL password: set telephony.freeswitch.eslPassword in ${CONFIG_FILE}`)
    }
    const settings = { hosts, password, name: `${model}:${tenant.slug}` }
    return this.#cached(this.#brands, tenant.id, `${model}:${fingerprintOf(settings)}`, () => this.#freeswitch(model, settings))
  }

  #hybrid(tenant: VoiceTenant) {
    const { host, port } = tenant.config.telephony.sipTrunk
    if (!host) {
      throw new VoiceConfigError(`Brand ${tenant.slug} is on the hybrid model with no PBX trunk: set telephony.sipTrunk.host in ${CONFIG_FILE}`)
    }
    const { hosts, password } = this.#poolSettings()
    const pstnGateway = `${host}:${port}`
    const settings = { hosts, password, name: `hybrid:${tenant.slug}`, pstnGateway }
    return this.#cached(this.#brands, tenant.id, `hybrid:${pstnGateway}:${fingerprintOf(settings)}`, () => this.#freeswitch('hybrid', settings))
  }

  #freeswitch(model: string, settings: FreeSwitchSettings) {
    const shown = { hosts: settings.hosts, ...(settings.pstnGateway ? { pstnGateway: settings.pstnGateway } : {}) }
    return new LazyVoiceDriver(model, shown, () => this.factories.freeswitch(settings))
  }

  /** The cached driver under `key` if it was built from the same settings; otherwise a new one, the old closed. */
  #cached<K>(cache: Map<K, Cached>, key: K, fingerprint: string, build: () => ClosableVoiceDriver) {
    const cached = cache.get(key)
    if (cached?.fingerprint === fingerprint) return cached.driver
    if (cached) void this.#close(cached.driver)
    const driver = build()
    cache.set(key, { fingerprint, driver })
    return driver
  }

  /** A brand that moved to a shared driver no longer needs its own. */
  #forget(tenantId: number) {
    const cached = this.#brands.get(tenantId)
    if (!cached) return
    this.#brands.delete(tenantId)
    void this.#close(cached.driver)
  }

  async #close(driver: ClosableVoiceDriver) {
    try {
      await driver.close?.()
    } catch (error) {
      logger.warn({ err: error, driver: driver.name }, 'closing a replaced voice driver failed')
    }
  }
}

/** Settings as a cache key; the password only as a hash. */
function fingerprintOf(settings: FreeSwitchSettings) {
  const secret = createHash('sha256').update(settings.password).digest('hex').slice(0, 16)
  return JSON.stringify({ hosts: settings.hosts, secret })
}

export const voice = new VoiceManager()
export default voice
