import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'
import { isApiRequest, sendError } from '#services/api_envelope'

/**
 * Authenticates with the given guards (pages redirect to `redirectTo`, the API answers 401).
 * A tenant user must belong to the tenant of this host and be active.
 */
export default class AuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { guards?: (keyof Authenticators)[]; redirectTo?: string } = {}
  ) {
    const loginRoute = options.redirectTo ?? '/portal/login'
    await ctx.auth.authenticateUsing(options.guards, { loginRoute })
    const user: any = ctx.auth.user
    if (ctx.surface === 'tenant' && user?.tenantId !== ctx.tenant.id) {
      return sendError(ctx, 401, 'UNAUTHENTICATED', 'Sign in to continue')
    }
    if (user?.status === 'suspended') {
      if (isApiRequest(ctx)) return sendError(ctx, 403, 'ACCOUNT_SUSPENDED', 'This account is suspended')
      await ctx.auth.use('web').logout()
      ctx.session.flash('error', 'This account is suspended. Contact support.')
      return ctx.response.redirect(loginRoute)
    }
    return next()
  }
}
