import User from '#models/user'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { FEATURES } from '#tenants/config/defaults'

type TenantRef = { id: number; slug: string }

/** Counts a tenant-scoped query without loading its rows. */
async function count(query: ReturnType<typeof User.query>) {
  const row = (await query.count('* as total').first()) as User | null
  return Number(row?.$extras.total ?? 0)
}

/** The numbers on a brand's admin overview, read fresh rather than from the request's cached snapshot. */
export async function adminOverview(tenant: TenantRef) {
  const [{ version, document }, domains, users] = await Promise.all([
    tenancy.configs.current(tenant),
    tenancy.domains.list(tenant),
    runForTenant(tenant, async () => ({
      total: await count(User.query()),
      staff: await count(User.query().whereNot('role', 'user')),
      suspended: await count(User.query().where('status', 'suspended')),
    })),
  ])
  return {
    configVersion: version,
    appName: document.branding.appName,
    theme: document.theme,
    enabledFeatures: FEATURES.filter((name) => document.features[name]).length,
    totalFeatures: FEATURES.length,
    users,
    domains: {
      total: domains.length,
      verified: domains.filter((domain) => domain.resolves).length,
    },
  }
}
