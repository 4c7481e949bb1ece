import type { HttpContext } from '@adonisjs/core/http'
import { errors as limiterErrors } from '@adonisjs/limiter'
import platformAuth from '#services/platform_auth_service'
import { platformLoginValidator } from '#validators/platform_auth'

/** Operator sign-in to the console. It exists on the platform host only. */
export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/platform/login')
  }

  /** Wrong credentials come back as a flash message; too many attempts answer 429. */
  async store(ctx: HttpContext) {
    const { email, password } = await ctx.request.validateUsing(platformLoginValidator)
    try {
      const user = await platformAuth.verifyCredentials(email, password, ctx.request.ip())
      await ctx.auth.use('platform_web').login(user)
      return ctx.response.redirect('/')
    } catch (error) {
      if (!(error instanceof limiterErrors.E_TOO_MANY_REQUESTS)) throw error
      ctx.response.status(429)
      return ctx.view.render('pages/platform/login', { throttled: true, email })
    }
  }

  async destroy(ctx: HttpContext) {
    await ctx.auth.use('platform_web').logout()
    ctx.session.flash('success', 'You are signed out.')
    return ctx.response.redirect('/login')
  }
}
