import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import accounts from '#services/account_service'
import { ok, sendError } from '#services/api_envelope'
import { serializeUser } from '#services/serializers'
import { loginValidator, registerValidator } from '#validators/account'

/** API sign-up, sign-in and sign-out. Tokens only work on the brand that issued them. */
export default class AuthController {
  async register(ctx: HttpContext) {
    const data = await ctx.request.validateUsing(registerValidator)
    const user = await accounts.register(ctx.tenant, data)
    return ctx.response.created(ok(await this.#issue(user)))
  }

  async login(ctx: HttpContext) {
    const { email, password } = await ctx.request.validateUsing(loginValidator)
    const user = await accounts.verifyCredentials(ctx.tenant, email, password, ctx.request.ip())
    if (user.status === 'suspended') {
      return sendError(ctx, 403, 'ACCOUNT_SUSPENDED', 'This account is suspended')
    }
    return ok(await this.#issue(user))
  }

  async logout(ctx: HttpContext) {
    const user = ctx.auth.use('api').getUserOrFail()
    await User.accessTokens.delete(user, user.currentAccessToken.identifier)
    return ok({ loggedOut: true })
  }

  async #issue(user: User) {
    const token = await User.accessTokens.create(user, ['*'], { name: 'api' })
    return {
      token: token.value!.release(),
      type: 'bearer',
      expiresAt: token.expiresAt?.toISOString() ?? null,
      user: serializeUser(user),
    }
  }
}
