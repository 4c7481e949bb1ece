import type Tenant from '#models/tenant'
import type TenantDomain from '#models/tenant_domain'

/** What the platform API says about a domain: never its verification token. */
export function presentDomain(domain: TenantDomain) {
  return {
    id: domain.id,
    hostname: domain.hostname,
    kind: domain.kind,
    primary: domain.isPrimary,
    verified: domain.resolves,
    verifiedAt: domain.verifiedAt?.toISO() ?? null,
  }
}

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
