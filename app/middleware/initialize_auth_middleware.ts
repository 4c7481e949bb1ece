import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type {} from '@adonisjs/auth/initialize_auth_middleware'

/**
 * A request's authenticator, as @adonisjs/auth's own middleware makes it, without sharing it
 * with the view here: touching `ctx.view` builds an Edge renderer, which JSON and switch
 * requests never need. The view getter (start/view.ts) shares `auth` when a page renders.
 */
export default class InitializeAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.auth = (await ctx.containerResolver.make('auth.manager')).createAuthenticator(ctx)
    /** A renderer made earlier in the request (the getter is a per-request singleton) still gets it. */
    if (Object.hasOwn(ctx, 'view')) ctx.view.share({ auth: ctx.auth })
    return next()
  }
}
