import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import User from '#models/user'
import tenancy from '#tenants/main'
import { acrossAllTenants } from '#tenants/context'
import { platformSubdomainHost } from '#tenants/host'
import { DomainTakenException } from '#tenants/domains'

export interface NewTenant {
  slug: string
  name: string
  parentId?: number | null
  config?: Record<string, any>
  /** Custom domains to attach already verified (platform operators and demo data only). */
  verifiedDomains?: string[]
}

/** Slugs that would collide with platform hosts. */
export const RESERVED_SLUGS = new Set(['admin', 'www', 'api', 'app', 'platform', 'mail', 'static'])

/**
 * The platform's view of tenants: create, rename, suspend, reactivate, count. Runs across
 * all tenants by design, so every method here is platform code.
 */
export class TenantService {
  /** Creates a brand with its platform subdomain and first config version, all or nothing. */
  async create(input: NewTenant, actor: string) {
    await tenancy.configs.check(input.config ?? {})
    const platformDomain = tenancy.options.platformDomain
    const hosts = [platformSubdomainHost(input.slug, platformDomain), ...(input.verifiedDomains ?? [])]
    const tenant = await acrossAllTenants('create tenant', async () => {
      const taken = await TenantDomain.query().whereIn('hostname', hosts).first()
      if (taken) throw new DomainTakenException()
      return db.transaction(async (trx) => {
        const created = await Tenant.create(
          { slug: input.slug, name: input.name, status: 'active', parentId: input.parentId ?? null },
          { client: trx }
        )
        for (const [index, hostname] of hosts.entries()) {
          await TenantDomain.create(
            {
              tenantId: created.id,
              hostname,
              kind: index === 0 ? 'platform_subdomain' : 'custom',
              isPrimary: index === 0,
              verificationToken: randomBytes(16).toString('hex'),
              verifiedAt: DateTime.utc(),
            },
            { client: trx }
          )
        }
        return created
      })
    })
    await tenancy.configs.update(tenant, input.config ?? {}, actor, 'tenant created')
    return tenant
  }

  list() {
    return acrossAllTenants('list tenants', () => Tenant.query().preload('domains').orderBy('id', 'asc'))
  }

  find(id: number) {
    return acrossAllTenants('find tenant', () => Tenant.query().where('id', id).preload('domains').first())
  }

  /** Renames a tenant or moves it under another reseller. */
  async update(tenant: Tenant, changes: { name?: string; parentId?: number | null }) {
    tenant.merge(changes)
    await acrossAllTenants('update tenant', () => tenant.save())
    await tenancy.changed({ tenantId: tenant.id, reason: 'tenant' })
    return tenant
  }

  /** Suspends or reactivates a brand everywhere, at once. */
  async setStatus(tenant: Tenant, status: 'active' | 'suspended') {
    tenant.status = status
    await acrossAllTenants('change tenant status', () => tenant.save())
    await tenancy.changed({ tenantId: tenant.id, reason: 'tenant' })
    return tenant
  }

  /** Platform-wide counts for the super-admin dashboard. */
  async counts() {
    return acrossAllTenants('platform counts', async () => {
      const count = async (query: any) => Number((await query.count('* as total').first())?.$extras.total ?? 0)
      return {
        tenants: await count(Tenant.query()),
        activeTenants: await count(Tenant.query().where('status', 'active')),
        suspendedTenants: await count(Tenant.query().where('status', 'suspended')),
        domains: await count(TenantDomain.query()),
        users: await count(User.query()),
      }
    })
  }
}

export default new TenantService()
