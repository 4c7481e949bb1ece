import { randomBytes } from 'node:crypto'
import Tenant from '#models/tenant'
import User, { type UserRole } from '#models/user'
import tenantService from '#services/tenant_service'
import { acrossAllTenants, runForTenant } from '#tenants/context'

/** Shared set-up for the admin specs: demo brands' users, throwaway brands, and waiting on the bus. */
export function brand(slug: string) {
  return acrossAllTenants('admin spec', () => Tenant.findByOrFail('slug', slug))
}

export async function userOf(slug: string, email: string) {
  return runForTenant(await brand(slug), () => User.findByOrFail('email', email))
}

/** A brand of its own, so a spec may change anything without touching the demo brands. */
export async function throwawayBrand(name = 'Throwaway Voice', config: Record<string, any> = {}) {
  const slug = `adm-${randomBytes(4).toString('hex')}`
  const tenant = await tenantService.create({ slug, name, config: { branding: { appName: name }, ...config } }, 'admin spec')
  const people: Partial<Record<UserRole, User>> = {}
  await runForTenant(tenant, async () => {
    for (const role of ['owner', 'admin', 'support', 'user'] as UserRole[]) {
      people[role] = await User.create({
        email: `${role}@${slug}.test`,
        password: 'brandline-demo',
        fullName: `${role} of ${name}`,
        role,
        status: 'active',
      })
    }
  })
  return { tenant, host: `${slug}.localhost`, people: people as Record<UserRole, User> }
}

/**
 * Waits for a change to reach this process: config and domain changes travel through the
 * Redis bus, so the resolver's cache is dropped a moment after the write returns.
 */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return check()
}
