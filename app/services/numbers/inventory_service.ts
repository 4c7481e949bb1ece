import type { ModelPaginatorContract } from '@adonisjs/lucid/types/model'
import PhoneNumber, { type NumberStatus } from '#models/phone_number'
import Tenant from '#models/tenant'
import User from '#models/user'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'

export interface InventoryFilters {
  status?: NumberStatus
  /** Part of a number or of the holder's email. */
  search?: string
  page?: number
  perPage?: number
}

/** A number with who holds it and the currency its prices are in. */
export interface InventoryRow {
  number: PhoneNumber
  holder: { id: number; email: string } | null
  brand: { id: number; slug: string; name: string }
  currency: string
}

export interface InventoryPage {
  rows: InventoryRow[]
  meta: { total: number; page: number; perPage: number; lastPage: number }
}

/** Every number a brand has (held, in grace, quarantined) for its staff, and every brand's for the platform. */
export class NumberInventoryService {
  /** One brand's numbers, newest first, with their holders. */
  forBrand(tenant: TenantSnapshot, filters: InventoryFilters): Promise<InventoryPage> {
    return runForTenant(tenant, async () => {
      const query = PhoneNumber.query().orderBy('id', 'desc')
      this.#filter(query, filters)
      if (filters.search) {
        const term = `%${filters.search}%`
        query.where((q) => q.whereILike('e164', term).orWhereIn('user_id', User.query().select('id').whereILike('email', term)))
      }
      const page = await query.paginate(filters.page ?? 1, filters.perPage ?? 25)
      return this.#present(page, [tenant])
    })
  }

  /** Every brand's numbers for the platform operator; `tenantId` narrows to one brand. */
  acrossBrands(filters: InventoryFilters & { tenantId?: number }): Promise<InventoryPage> {
    return acrossAllTenants('platform number inventory', async () => {
      const query = PhoneNumber.query().orderBy('id', 'desc')
      this.#filter(query, filters)
      if (filters.tenantId) query.where('tenant_id', filters.tenantId)
      if (filters.search) query.whereILike('e164', `%${filters.search}%`)
      const page = await query.paginate(filters.page ?? 1, filters.perPage ?? 25)
      const tenantIds = [...new Set(page.all().map((row) => row.tenantId))]
      const snapshots = await Promise.all(tenantIds.map((id) => tenancy.resolver.snapshot(id)))
      return this.#present(page, snapshots.filter((s): s is TenantSnapshot => Boolean(s)))
    })
  }

  /** The brands that have numbers, for the platform's filter. */
  brands() {
    return Tenant.query().orderBy('name', 'asc').select('id', 'slug', 'name')
  }

  #filter(query: ReturnType<typeof PhoneNumber.query>, filters: InventoryFilters) {
    if (filters.status) query.where('status', filters.status)
  }

  async #present(page: ModelPaginatorContract<PhoneNumber>, tenants: TenantSnapshot[]): Promise<InventoryPage> {
    const numbers = page.all()
    const userIds = [...new Set(numbers.map((row) => row.userId).filter((id): id is number => id !== null))]
    const users = userIds.length ? await acrossAllTenants('number holders', () => User.query().whereIn('id', userIds).select('id', 'email')) : []
    const emails = new Map(users.map((user) => [user.id, user.email]))
    const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]))
    const rows = numbers.map((number) => {
      const tenant = byId.get(number.tenantId)
      return {
        number,
        holder: number.userId ? { id: number.userId, email: emails.get(number.userId) ?? '' } : null,
        brand: { id: number.tenantId, slug: tenant?.slug ?? '', name: tenant?.name ?? '' },
        currency: tenant?.config.pricing.currency ?? 'USD',
      }
    })
    const meta = page.getMeta()
    return { rows, meta: { total: meta.total, page: meta.currentPage, perPage: meta.perPage, lastPage: meta.lastPage } }
  }
}

const inventory = new NumberInventoryService()
export default inventory
