import { createHash } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { TenantSnapshot } from '#tenants/snapshot'
import { decryptSecret } from '#tenants/config/secrets'
import type { MessagingDriver, MessagingEvents } from '#telephony/types'
import type { MessagingConfig } from '#config/messaging'

/** What the manager needs of a brand. */
export type MessagingTenant = Pick<TenantSnapshot, 'id' | 'slug' | 'config'>

/** One SMPP account: the platform's shared binds, or a dedicated brand's own. */
export interface SmppSettings {
  name: string
  host: string
  port: number
  systemId: string
  password: string
  systemType: string
  binds: number
  window: number
  ratePerSecond: number
  enquireLinkSeconds: number
  reconnect: { minMs: number; maxMs: number }
  responseTimeoutMs: number
  throttleBackoffMs: { minMs: number; maxMs: number }
}

export interface HttpMmsSettings {
  name: string
  baseUrl: string
  apiKey: string
  timeoutMs: number
}

export interface ClosableMessagingDriver extends MessagingDriver {
  close(): Promise<void>
}

/** How drivers are made; tests pass their own. */
export interface MessagingFactories {
  simulated(events: MessagingEvents): Promise<ClosableMessagingDriver> | ClosableMessagingDriver
  smpp(settings: SmppSettings, events: MessagingEvents): Promise<ClosableMessagingDriver> | ClosableMessagingDriver
  httpMms(settings: HttpMmsSettings, events: MessagingEvents): Promise<ClosableMessagingDriver> | ClosableMessagingDriver
}

const DEFAULT_FACTORIES: MessagingFactories = {
  async simulated(events) {
    const { SimulatedMessagingDriver } = await import('#telephony/drivers/simulated_messaging_driver')
    return new SimulatedMessagingDriver(app.config.get<MessagingConfig>('messaging').simulated, events)
  },
  async smpp(settings, events) {
    const { SmppMessagingDriver } = await import('#telephony/drivers/smpp_driver')
    return new SmppMessagingDriver(settings, events)
  },
  async httpMms(settings, events) {
    const { HttpMmsDriver } = await import('#telephony/drivers/http_mms_driver')
    return new HttpMmsDriver(settings, events)
  },
}

/** The services that take receipts and inbound messages (loaded lazily: they import the manager's users). */
const DEFAULT_EVENTS: MessagingEvents = {
  async receipt(receipt) {
    const { default: receipts } = await import('#services/messaging/receipts')
    await receipts.receive(receipt)
  },
  async inbound(message) {
    const { default: inbound } = await import('#services/messaging/inbound')
    return inbound.receive(message)
  },
}

export class MessagingConfigError extends Error {
  name = 'MessagingConfigError'
}

const CONFIG_FILE = "the brand's config document (PATCH /api/v1/admin/config)"

/**
 * A driver that builds its real driver on first use (drivers load their library lazily and
 * may connect asynchronously); `submit` waits for it.
 */
class LazyMessagingDriver implements ClosableMessagingDriver {
  #driver: Promise<ClosableMessagingDriver> | null = null

  constructor(
    readonly name: string,
    private build: () => Promise<ClosableMessagingDriver> | ClosableMessagingDriver
  ) {}

  resolve() {
    this.#driver ??= Promise.resolve(this.build())
    return this.#driver
  }

  async submit(message: Parameters<MessagingDriver['submit']>[0]) {
    return (await this.resolve()).submit(message)
  }

  async close() {
    if (!this.#driver) return
    const driver = await this.#driver.catch(() => null)
    await driver?.close()
  }
}

/**
 * Picks each brand's messaging driver from its `telephony.model` (DESIGN.md): simulated -> the
 * in-process SMSC; saas and hybrid -> the platform's SMPP binds (config/messaging.ts);
 * dedicated and on_premise -> the brand's own SMPP bind (`telephony.smpp`). MMS goes through
 * the HTTP carrier API on every real model. Drivers are cached per settings; a change builds
 * a new one and closes the old. Carrier ids are per driver name, so receipts find their message.
 */
export class MessagingManager {
  #drivers = new Map<string, { fingerprint: string; driver: LazyMessagingDriver }>()
  #fake: MessagingDriver | null = null
  #events: MessagingEvents = DEFAULT_EVENTS

  constructor(private factories: MessagingFactories = DEFAULT_FACTORIES) {}

  /** The brand's driver for a kind of message; throws MessagingConfigError naming the setting to fix. */
  for(tenant: MessagingTenant, kind: 'sms' | 'mms' = 'sms'): MessagingDriver {
    if (this.#fake) return this.#fake
    const model = tenant.config.telephony.model as string
    if (model === 'simulated') return this.#cached('simulated', 'simulated', 'simulated', () => this.factories.simulated(this.#events))
    if (kind === 'mms') return this.#httpMms()
    if (model === 'saas' || model === 'hybrid') return this.#platformSmpp()
    if (model === 'dedicated' || model === 'on_premise') return this.#brandSmpp(tenant)
    throw new MessagingConfigError(`Unknown telephony model "${model}" for brand ${tenant.slug}: set telephony.model in ${CONFIG_FILE}`)
  }

  /** Opens the platform binds now (the worker does, so inbound messages arrive while nothing is sent). */
  async openPlatformBinds() {
    if (!this.#config().smpp.host) return false
    await (this.#platformSmpp() as LazyMessagingDriver).resolve()
    return true
  }

  /** Where drivers built from now on hand receipts and inbound messages (tests). */
  useEvents(events: MessagingEvents) {
    this.#events = events
  }

  /** Tests: every brand gets this driver until restore(). */
  fake(driver: MessagingDriver) {
    this.#fake = driver
    return driver
  }

  /** Undoes fake() and useEvents(), and closes every driver built so far. */
  async restore() {
    this.#fake = null
    this.#events = DEFAULT_EVENTS
    const all = [...this.#drivers.values()]
    this.#drivers.clear()
    await Promise.all(all.map(({ driver }) => this.#close(driver)))
  }

  #config() {
    return app.config.get<MessagingConfig>('messaging')
  }

  #platformSmpp() {
    const { smpp } = this.#config()
    if (!smpp.host || !smpp.systemId || !smpp.password) {
      throw new MessagingConfigError('The platform SMPP account is not set: set SMPP_HOST, SMPP_SYSTEM_ID and SMPP_PASSWORD (config/messaging.ts)')
    }
    const settings: SmppSettings = { ...smpp, name: 'smpp:platform', host: smpp.host, systemId: smpp.systemId, password: smpp.password }
    return this.#cached('smpp:platform', settings.name, fingerprintOf(settings), () => this.factories.smpp(settings, this.#events))
  }

  #brandSmpp(tenant: MessagingTenant) {
    const own = tenant.config.telephony.smpp
    const password = decryptSecret(own.password)
    if (!own.host || !own.systemId || !password) {
      throw new MessagingConfigError(
        `Brand ${tenant.slug} is on the ${tenant.config.telephony.model} model without its SMPP account: set telephony.smpp.host, systemId and password in ${CONFIG_FILE}`
      )
    }
    const platform = this.#config().smpp
    const settings: SmppSettings = {
      ...platform,
      name: `smpp:brand-${tenant.id}`,
      host: own.host,
      port: own.port,
      systemId: own.systemId,
      password,
      systemType: own.systemType ?? '',
      binds: 1,
    }
    return this.#cached(`smpp:brand-${tenant.id}`, settings.name, fingerprintOf(settings), () => this.factories.smpp(settings, this.#events))
  }

  #httpMms() {
    const { mms } = this.#config()
    if (!mms.baseUrl || !mms.apiKey) {
      throw new MessagingConfigError('The MMS carrier API is not set: set MMS_API_BASE and MMS_API_KEY (config/messaging.ts)')
    }
    const settings: HttpMmsSettings = { name: 'mms:http', baseUrl: mms.baseUrl, apiKey: mms.apiKey, timeoutMs: mms.timeoutMs }
    return this.#cached('mms:http', settings.name, fingerprintOf(settings), () => this.factories.httpMms(settings, this.#events))
  }

  #cached(key: string, name: string, fingerprint: string, build: () => Promise<ClosableMessagingDriver> | ClosableMessagingDriver) {
    const cached = this.#drivers.get(key)
    if (cached?.fingerprint === fingerprint) return cached.driver
    if (cached) void this.#close(cached.driver)
    const driver = new LazyMessagingDriver(name, build)
    this.#drivers.set(key, { fingerprint, driver })
    return driver
  }

  async #close(driver: ClosableMessagingDriver) {
    try {
      await driver.close()
    } catch (error) {
      logger.warn({ err: error, driver: driver.name }, 'closing a replaced messaging driver failed')
    }
  }
}

/** Settings as a cache key; secrets only as a hash. */
function fingerprintOf(settings: object) {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex')
}

export const messaging = new MessagingManager()
export default messaging
