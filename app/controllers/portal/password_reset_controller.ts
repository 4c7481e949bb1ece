import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import accounts from '#services/account_service'
import { forgotPasswordValidator, resetPasswordValidator } from '#validators/account'

/** Forgotten passwords: request a link by email, then choose a new password. */
export default class PasswordResetController {
  async create(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/portal/forgot_password')
  }

  /** Always answers the same way, so the form does not reveal who has an account. */
  async store(ctx: HttpContext) {
    const { email } = await ctx.request.validateUsing(forgotPasswordValidator)
    const baseUrl = `${ctx.request.protocol()}://${ctx.request.host()}`
    await accounts.requestPasswordReset(ctx.tenant, email, baseUrl)
    ctx.session.flash('success', 'If that email has an account, a reset link is on its way.')
    return ctx.response.redirect('/portal/login')
  }

  async edit(ctx: HttpContext) {
    const valid = Boolean(await accounts.findResetToken(ctx.tenant, ctx.params.token))
    if (!valid) ctx.response.status(404)
    return renderThemed(ctx, 'pages/portal/reset_password', { token: ctx.params.token, valid })
  }

  async update(ctx: HttpContext) {
    const { password } = await ctx.request.validateUsing(resetPasswordValidator)
    if (!(await accounts.resetPassword(ctx.tenant, ctx.params.token, password))) {
      ctx.session.flash('error', 'This reset link is invalid or has expired. Ask for a new one.')
      return ctx.response.redirect('/portal/forgot-password')
    }
    ctx.session.flash('success', 'Your password was changed. Log in with the new one.')
    return ctx.response.redirect('/portal/login')
  }
}
