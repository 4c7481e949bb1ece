import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import accounts from '#services/account_service'
import { ok } from '#services/api_envelope'
import { serializeUser } from '#services/serializers'
import { changePasswordValidator, profileValidator } from '#validators/account'

/** The token holder's own profile and password. */
export default class ProfileController {
  async show(ctx: HttpContext) {
    return ok(serializeUser(ctx.auth.user as User))
  }

  async update(ctx: HttpContext) {
    const data = await ctx.request.validateUsing(profileValidator)
    const user = await accounts.updateProfile(ctx.tenant, ctx.auth.user as User, data)
    return ok(serializeUser(user))
  }

  async updatePassword(ctx: HttpContext) {
    const { currentPassword, password } = await ctx.request.validateUsing(changePasswordValidator)
    await accounts.changePassword(ctx.tenant, ctx.auth.user as User, currentPassword, password)
    return ok({ passwordChanged: true })
  }
}
