import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type User from '#models/user'
import { isApiRequest, sendError } from '#services/api_envelope'

/** Lets the brand's owner, admins and support staff in; end users get 403. */
export default class StaffMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.user as User | undefined
    if (user?.isStaff) return next()
    if (isApiRequest(ctx)) return sendError(ctx, 403, 'FORBIDDEN', 'Only the brand\'s staff may do this')
    ctx.response.status(403)
    return ctx.view.render('pages/errors/forbidden')
  }
}
