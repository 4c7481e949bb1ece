import { AsyncLocalStorage } from 'node:async_hooks'
import { Exception } from '@adonisjs/core/exceptions'

/** What a unit of work knows about tenancy: the tenant it acts for, or an explicit bypass. */
export interface TenantStore {
  tenant?: { id: number; slug: string }
  bypass?: { reason: string }
}

const storage = new AsyncLocalStorage<TenantStore>()

/** Raised when tenant-owned data is touched with no tenant: a programming error, never user input. */
export class MissingTenantContextException extends Exception {
  static status = 500
  static code = 'E_MISSING_TENANT_CONTEXT'
}

/** Runs `work` on behalf of one tenant; everything it awaits sees that tenant. */
export function runForTenant<T>(tenant: { id: number; slug: string }, work: () => T): T {
  return storage.run({ tenant: { id: tenant.id, slug: tenant.slug } }, work)
}

/**
 * The one named way round tenant scoping, for platform code and commands: queries inside
 * see every tenant. The reason is kept so logs and errors can say who asked.
 */
export function acrossAllTenants<T>(reason: string, work: () => T): T {
  return storage.run({ bypass: { reason } }, work)
}

/** The tenant of the current unit of work, if any. */
export function currentTenant() {
  return storage.getStore()?.tenant
}

/** True inside `acrossAllTenants`. */
export function isBypassingTenancy() {
  return Boolean(storage.getStore()?.bypass)
}

/** The tenant id for a tenant-owned query; throws when there is none and no bypass. */
export function tenantIdForQuery(model: string): number | undefined {
  const store = storage.getStore()
  if (store?.tenant) return store.tenant.id
  if (store?.bypass) return undefined
  throw new MissingTenantContextException(
    `Tenant-owned model "${model}" was queried with no tenant in context. Run the work inside ` +
      `runForTenant(), or acrossAllTenants() for platform code.`
  )
}
