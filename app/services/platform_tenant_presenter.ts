import type Tenant from '#models/tenant'
import { serializeDomain } from '#services/serializers'

/** Domains read the same to operators as to the brand's admins (never the verification token). */
export const presentDomain = serializeDomain

/** A tenant as operators see it: identity, status, place in the reseller tree, hostnames. No config. */
export function presentTenant(tenant: Tenant) {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    parentId: tenant.parentId,
    domains: (tenant.domains ?? []).map(presentDomain),
    createdAt: tenant.createdAt.toISO(),
    updatedAt: tenant.updatedAt.toISO(),
  }
}
