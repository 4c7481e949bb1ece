import { TenantResolver } from './resolver.js'
import { TenantConfigService } from './config/service.js'
import { DomainService } from './domains.js'
import { SystemDnsResolver, type DnsTxtResolver } from './dns.js'
import type { TenancyBus, TenancyChange } from './bus.js'

export interface TenancyOptions {
  platformDomain: string
  platformSubdomain: string
  negativeTtlSeconds: number
}

/**
 * The tenancy layer in one place: the bus, the resolver that listens to it, the config
 * and domain services that publish on it, and a swappable DNS resolver (`fakeDns()` in tests).
 */
export class Tenancy {
  readonly resolver: TenantResolver
  readonly configs: TenantConfigService
  readonly domains: DomainService
  readonly platformHost: string
  #dns: DnsTxtResolver = new SystemDnsResolver()

  constructor(
    readonly bus: TenancyBus,
    readonly options: TenancyOptions
  ) {
    this.platformHost = `${options.platformSubdomain}.${options.platformDomain}`
    this.configs = new TenantConfigService(bus)
    this.resolver = new TenantResolver(this.configs, {
      platformHost: this.platformHost,
      negativeTtlMs: options.negativeTtlSeconds * 1000,
    })
    this.domains = new DomainService(bus, () => this.#dns, options.platformDomain)
  }

  /** Connects the resolver to the bus; called once when the app is ready. */
  async listen() {
    await this.bus.subscribe((change) => this.resolver.invalidate(change))
  }

  /** Tells every process (this one included) that a tenant changed. */
  changed(change: TenancyChange) {
    return this.bus.publish(change)
  }

  /** Replaces DNS lookups, so tests verify domains with no network. */
  fakeDns(resolver: DnsTxtResolver) {
    this.#dns = resolver
  }

  restoreDns() {
    this.#dns = new SystemDnsResolver()
  }
}
