import { randomBytes } from 'node:crypto'
import Tenant from '#models/tenant'
import User, { type UserRole } from '#models/user'
import tenantService from '#services/tenant_service'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { deepMerge } from '#tenants/config/merge'

export const DEMO_PASSWORD = 'brandline-demo'
export const ACME = 'acme.localhost'
export const GLOBEX = 'globex.localhost'
export const PLATFORM = 'admin.localhost'

/** A seeded demo brand by slug. */
export function brand(slug: 'acme' | 'globex') {
  return acrossAllTenants('test lookup', () => Tenant.findByOrFail('slug', slug))
}

/** A user of a brand, looked up inside that brand. */
export async function userOf(slug: 'acme' | 'globex', email: string) {
  const tenant = await brand(slug)
  return runForTenant(tenant, () => User.findByOrFail('email', email))
}

/** A fresh API token for a brand's user, as POST /auth/login would issue. */
export async function tokenFor(user: User) {
  const tenant = await acrossAllTenants('test lookup', () => Tenant.findOrFail(user.tenantId))
  const token = await runForTenant(tenant, () => User.accessTokens.create(user))
  return token.value!.release()
}

/** A throwaway brand with an owner and an end user, so tests can change it freely. */
export async function throwawayBrand(config: Record<string, any> = {}) {
  const slug = `t${randomBytes(4).toString('hex')}`
  const name = `Brand ${slug}`
  const branding = { appName: name, companyName: name, legalEntity: `${name} Ltd` }
  const tenant = await tenantService.create({ slug, name, config: deepMerge({ branding }, config) }, 'test')
  const [owner, member] = await runForTenant(tenant, async () => [
    await User.create({ email: `owner@${slug}.test`, password: DEMO_PASSWORD, role: 'owner', status: 'active' }),
    await User.create({ email: `member@${slug}.test`, password: DEMO_PASSWORD, role: 'user', status: 'active' }),
  ])
  return { tenant, host: `${slug}.localhost`, owner, member }
}

/** Creates a user of a brand with a role. */
export function addUser(tenant: Tenant, email: string, role: UserRole) {
  return runForTenant(tenant, () => User.create({ email, password: DEMO_PASSWORD, role, status: 'active' }))
}
