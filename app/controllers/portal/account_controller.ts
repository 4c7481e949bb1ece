import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { renderThemed } from '#controllers/render'
import accounts, { EmailTakenException } from '#services/account_service'
import { enabledFeatures } from '#services/site_content'
import { changePasswordValidator, profileValidator } from '#validators/account'

/** The signed-in user's dashboard and profile. */
export default class AccountController {
  async dashboard(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/portal/dashboard', { featureList: enabledFeatures(ctx.tenant.config) })
  }

  async edit(ctx: HttpContext) {
    return renderThemed(ctx, 'pages/portal/profile')
  }

  async update(ctx: HttpContext) {
    const data = await ctx.request.validateUsing(profileValidator)
    try {
      await accounts.updateProfile(ctx.tenant, ctx.auth.user as User, data)
      ctx.session.flash('success', 'Profile saved.')
    } catch (error) {
      if (!(error instanceof EmailTakenException)) throw error
      ctx.session.flash('error', 'Another account already uses this email.')
    }
    return ctx.response.redirect('/portal/profile')
  }

  async updatePassword(ctx: HttpContext) {
    const { currentPassword, password } = await ctx.request.validateUsing(changePasswordValidator)
    await accounts.changePassword(ctx.tenant, ctx.auth.user as User, currentPassword, password)
    ctx.session.flash('success', 'Password changed.')
    return ctx.response.redirect('/portal/profile')
  }
}
