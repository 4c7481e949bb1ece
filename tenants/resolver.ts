import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { acrossAllTenants } from './context.js'
import { resolveBranding } from './branding.js'
import type { TenantConfigService } from './config/service.js'
import type { TenancyChange } from './bus.js'
import type { Resolution, TenantSnapshot } from './snapshot.js'

const PLATFORM: Resolution = { kind: 'platform' }
const MAX_UNKNOWN = 10_000
/** A snapshot is reloaded after this long even if an invalidation message was lost. */
const MAX_SNAPSHOT_AGE_MS = 60_000

/**
 * Host -> tenant, cached in process. Entries are dropped when the bus reports a change to a
 * tenant, its domains or its config; unknown hosts are remembered briefly (and forgotten on
 * any domain change) so a flood of junk hosts costs one query each at most.
 */
export class TenantResolver {
  #hosts = new Map<string, number>()
  #snapshots = new Map<number, { loaded: Promise<TenantSnapshot | null>; at: number }>()
  #unknown = new Map<string, number>()

  constructor(
    private configs: TenantConfigService,
    private options: { platformHost: string; negativeTtlMs: number }
  ) {}

  /** Resolves a normalised host: the platform surface, a tenant, or null (unknown). */
  async resolve(host: string): Promise<Resolution | null> {
    if (host === this.options.platformHost) return PLATFORM
    const cachedId = this.#hosts.get(host)
    if (cachedId !== undefined) {
      const tenant = await this.snapshot(cachedId)
      if (tenant) return { kind: 'tenant', tenant }
    }
    const expiry = this.#unknown.get(host)
    if (expiry !== undefined && expiry > Date.now()) return null

    const domain = await acrossAllTenants('resolve request host', () =>
      TenantDomain.query().where('hostname', host).first()
    )
    if (!domain || !domain.resolves) {
      this.#rememberUnknown(host)
      return null
    }
    this.#hosts.set(host, domain.tenantId)
    const tenant = await this.snapshot(domain.tenantId)
    return tenant ? { kind: 'tenant', tenant } : null
  }

  /** The cached snapshot of one tenant, loaded once even under concurrent requests. */
  snapshot(tenantId: number): Promise<TenantSnapshot | null> {
    const cached = this.#snapshots.get(tenantId)
    if (cached && Date.now() - cached.at < MAX_SNAPSHOT_AGE_MS) return cached.loaded
    const entry = { loaded: this.#load(tenantId), at: Date.now() }
    this.#snapshots.set(tenantId, entry)
    entry.loaded.catch(() => {
      if (this.#snapshots.get(tenantId) === entry) this.#snapshots.delete(tenantId)
    })
    return entry.loaded
  }

  /** Drops whatever the change made stale; a change with no tenant id drops everything. */
  invalidate(change: TenancyChange) {
    this.#unknown.clear()
    if (change.tenantId === null) {
      this.#hosts.clear()
      this.#snapshots.clear()
      return
    }
    this.#snapshots.delete(change.tenantId)
    for (const [host, id] of this.#hosts) if (id === change.tenantId) this.#hosts.delete(host)
  }

  async #load(tenantId: number): Promise<TenantSnapshot | null> {
    const { tenant, domains } = await acrossAllTenants('load tenant snapshot', async () => ({
      tenant: await Tenant.find(tenantId),
      domains: await TenantDomain.query().where('tenant_id', tenantId),
    }))
    if (!tenant) return null
    const { version, document } = await this.configs.current(tenant)
    const usable = domains.filter((domain) => domain.resolves)
    const primary = usable.find((domain) => domain.isPrimary) ?? usable.find((d) => d.kind === 'platform_subdomain')
    return {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      status: tenant.status,
      parentId: tenant.parentId,
      primaryHost: primary?.hostname ?? '',
      configVersion: version,
      config: document,
      branding: resolveBranding(document),
      features: document.features,
    }
  }

  #rememberUnknown(host: string) {
    if (this.#unknown.size >= MAX_UNKNOWN) this.#unknown.clear()
    this.#unknown.set(host, Date.now() + this.options.negativeTtlMs)
  }
}
