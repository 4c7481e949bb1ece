import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import * as abilities from '#abilities/main'
import { policies } from '#policies/main'

/** A Bouncer per request, for whoever the guards authenticated (its Edge helpers are shared by the view getter, start/view.ts). */
export default class InitializeBouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.bouncer = new Bouncer(() => (ctx.auth.user as any) || null, abilities, policies).setContainerResolver(
      ctx.containerResolver
    )
    if (Object.hasOwn(ctx, 'view')) ctx.view.share(ctx.bouncer.edgeHelpers)
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<any, typeof abilities, typeof policies>
  }
}
