import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/** Owners, admins and support staff may look at the brand's admin. */
export const viewTenantAdmin = Bouncer.ability((user: User) => user.isStaff)

/** Only owners and admins may change the brand (support staff is read-only). */
export const manageTenant = Bouncer.ability((user: User) => user.canManage)
