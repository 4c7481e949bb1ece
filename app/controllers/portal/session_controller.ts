import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import accounts from '#services/account_service'
import { loginValidator } from '#validators/account'

/** Portal sign-in and sign-out for the brand's users (staff included). */
export default class SessionController {
  async create(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/portal/login')
  }

  async store(ctx: HttpContext) {
    const { email, password } = await ctx.request.validateUsing(loginValidator)
    try {
      const user = await accounts.verifyCredentials(ctx.tenant, email, password, ctx.request.ip())
      if (user.status === 'suspended') {
        ctx.session.flash('error', 'This account is suspended. Contact support.')
        return ctx.response.redirect().back()
      }
      await ctx.auth.use('web').login(user)
      return ctx.response.redirect(user.isStaff ? '/admin' : '/portal')
    } catch (error: any) {
      if (!['E_INVALID_CREDENTIALS', 'E_TOO_MANY_REQUESTS'].includes(error?.code)) throw error
      ctx.session.flashOnly(['email'])
      ctx.session.flash(
        'error',
        error.code === 'E_TOO_MANY_REQUESTS'
          ? 'Too many attempts. Try again in a few minutes.'
          : 'Email or password is incorrect.'
      )
      return ctx.response.redirect().back()
    }
  }

  async destroy(ctx: HttpContext) {
    await ctx.auth.use('web').logout()
    ctx.session.flash('success', 'You are signed out.')
    return ctx.response.redirect('/portal/login')
  }
}
