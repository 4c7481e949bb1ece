import User from '#models/user'
import { runForTenant } from '#tenants/context'

type TenantRef = { id: number; slug: string }

/** A brand's user list for its admins: search, paginate, suspend and reactivate. */
export class UserDirectory {
  list(tenant: TenantRef, options: { search?: string; page?: number; perPage?: number }) {
    return runForTenant(tenant, () => {
      const query = User.query().orderBy('id', 'asc')
      if (options.search) query.whereILike('email', `%${options.search.replace(/[%_]/g, '')}%`)
      return query.paginate(Math.max(1, options.page ?? 1), Math.min(100, options.perPage ?? 25))
    })
  }

  find(tenant: TenantRef, id: number) {
    return runForTenant(tenant, () => User.find(id))
  }

  /** Suspending also revokes the user's API tokens, so access ends at once. */
  setStatus(tenant: TenantRef, user: User, status: 'active' | 'suspended') {
    return runForTenant(tenant, async () => {
      user.status = status
      await user.save()
      if (status === 'suspended') {
        for (const token of await User.accessTokens.all(user)) await User.accessTokens.delete(user, token.identifier)
      }
      return user
    })
  }
}

export default new UserDirectory()
