import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#models/user'

/** Who may act on a brand's user accounts. */
export default class UserPolicy extends BasePolicy {
  /** Owners and admins suspend users of their own brand, but never themselves or the owner. */
  suspend(actor: User, target: User) {
    return actor.canManage && actor.tenantId === target.tenantId && actor.id !== target.id && target.role !== 'owner'
  }

  reactivate(actor: User, target: User) {
    return this.suspend(actor, target)
  }
}
