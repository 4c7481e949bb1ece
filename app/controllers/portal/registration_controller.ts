import type { HttpContext } from '@adonisjs/core/http'
import { renderThemed } from '#controllers/render'
import accounts, { EmailTakenException } from '#services/account_service'
import { registerValidator } from '#validators/account'

/** Self sign-up for the brand's end users. */
export default class RegistrationController {
  async create(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/portal/signup')
  }

  async store(ctx: HttpContext) {
    const data = await ctx.request.validateUsing(registerValidator)
    try {
      const user = await accounts.register(ctx.tenant, data)
      await ctx.auth.use('web').login(user)
      ctx.session.flash('success', `Welcome to ${ctx.tenant.branding.appName}!`)
      return ctx.response.redirect('/portal')
    } catch (error) {
      if (!(error instanceof EmailTakenException)) throw error
      ctx.session.flashExcept(['password'])
      ctx.session.flash('error', 'An account with this email already exists. Log in instead.')
      return ctx.response.redirect().back()
    }
  }
}
