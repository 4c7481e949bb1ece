import type { HttpContext } from '@adonisjs/core/http'
import { ok } from '#services/api_envelope'
import platformAuth from '#services/platform_auth_service'
import { platformLoginValidator } from '#validators/platform_auth'

/** Operator tokens for the platform API; they are worthless on every brand host. */
export default class AuthController {
  async login({ request }: HttpContext) {
    const { email, password } = await request.validateUsing(platformLoginValidator)
    const user = await platformAuth.verifyCredentials(email, password, request.ip())
    return ok(await platformAuth.issueToken(user))
  }

  async logout({ auth }: HttpContext) {
    await platformAuth.revokeCurrentToken(auth.use('platform_api').getUserOrFail())
    return ok({ loggedOut: true })
  }
}
