import { Exception } from '@adonisjs/core/exceptions'
import logger from '@adonisjs/core/services/logger'
import { errors } from '@vinejs/vine'
import Tenant from '#models/tenant'
import tenantService from '#services/tenant_service'
import tenancy from '#tenants/main'
import { acrossAllTenants } from '#tenants/context'
import { DomainTakenException } from '#tenants/domains'
import { isUniqueViolation } from '#tenants/config/service'

/** Another brand already has this slug (and so its subdomain). */
export class SlugTakenException extends Exception {
  static status = 409
  static code = 'SLUG_TAKEN'
  static message = 'Another brand already uses this slug'
}

/** Operators asked for a tenant id that does not exist. */
export class TenantNotFoundException extends Exception {
  static status = 404
  static code = 'NOT_FOUND'
  static message = 'No tenant with this id'
}

export interface CreateTenantInput {
  slug: string
  name: string
  parentId?: number | null
  theme?: string
  domains?: string[]
}

export interface TenantListFilters {
  page?: number
  perPage?: number
  status?: 'active' | 'suspended'
}

/**
 * The super-admin's tenant work on top of TenantService: slug and reseller-tree rules,
 * paging, and an audit line in the log for every change. Platform code, so it sees all tenants.
 */
export class PlatformTenantService {
  /** One page of brands with their hostnames, oldest first. */
  paginate({ page = 1, perPage = 25, status }: TenantListFilters) {
    return acrossAllTenants('platform tenant list', () => {
      const query = Tenant.query().preload('domains').orderBy('id', 'asc')
      if (status) query.where('status', status)
      return query.paginate(page, perPage)
    })
  }

  /** The newest brands, for the overview. */
  recent(limit = 5) {
    return acrossAllTenants('platform recent tenants', () =>
      Tenant.query().preload('domains').orderBy('id', 'desc').limit(limit)
    )
  }

  /** Every brand's id and name, for the "parent reseller" pickers. */
  choices() {
    return Tenant.query().select('id', 'slug', 'name').orderBy('name', 'asc')
  }

  async findOrFail(id: number) {
    const tenant = await tenantService.find(id)
    if (!tenant) throw new TenantNotFoundException()
    return tenant
  }

  /** Creates a brand whose subdomain resolves at once, named and themed from the start. */
  async create(input: CreateTenantInput, actor: string) {
    if (await Tenant.findBy('slug', input.slug)) throw new SlugTakenException()
    const config = {
      ...(input.theme ? { theme: input.theme } : {}),
      /** The app name is capped shorter than the tenant name by the config schema. */
      branding: { appName: input.name.slice(0, 60).trim(), companyName: input.name, legalEntity: input.name },
    }
    let tenant: Tenant
    try {
      tenant = await tenantService.create(
        { slug: input.slug, name: input.name, parentId: input.parentId ?? null, config, verifiedDomains: input.domains },
        actor
      )
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      throw String(error.sqlMessage ?? error.message).includes('hostname')
        ? new DomainTakenException()
        : new SlugTakenException()
    }
    logger.info({ actor, tenant: tenant.slug }, 'platform: tenant created')
    return this.findOrFail(tenant.id)
  }

  /** Renames a brand or moves it in the reseller tree; a brand never ends up under itself. */
  async update(tenant: Tenant, changes: { name?: string; parentId?: number | null }, actor: string) {
    if (changes.parentId) await this.#assertNotDescendant(tenant, changes.parentId)
    await tenantService.update(tenant, changes)
    logger.info({ actor, tenant: tenant.slug, changes }, 'platform: tenant updated')
    return this.findOrFail(tenant.id)
  }

  /** Suspends or reactivates a brand; every process drops its cached copy at once. */
  async setStatus(tenant: Tenant, status: 'active' | 'suspended', actor: string) {
    await tenantService.setStatus(tenant, status)
    logger.info({ actor, tenant: tenant.slug, status }, 'platform: tenant status changed')
    return tenant
  }

  /** What the detail page shows beyond the row: theme, app name and place in the tree. No secrets. */
  async profile(tenant: Tenant) {
    const { version, document } = await tenancy.configs.current(tenant)
    const parent = tenant.parentId ? await Tenant.find(tenant.parentId) : null
    const children = await Tenant.query().where('parent_id', tenant.id).orderBy('name', 'asc')
    return { configVersion: version, theme: document.theme, appName: document.branding.appName, parent, children }
  }

  async #assertNotDescendant(tenant: Tenant, parentId: number) {
    const seen = new Set<number>()
    for (let cursor: number | null = parentId; cursor !== null && !seen.has(cursor); ) {
      if (cursor === tenant.id) {
        throw new errors.E_VALIDATION_ERROR([
          { field: 'parentId', message: 'A brand cannot sit under itself or one of its own resellers', rule: 'parent' },
        ])
      }
      seen.add(cursor)
      cursor = (await Tenant.find(cursor))?.parentId ?? null
    }
  }
}

export default new PlatformTenantService()
