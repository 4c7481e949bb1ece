import type { HttpContext } from '@adonisjs/core/http'
import directory from '#services/user_directory'
import { listUsersValidator } from '#validators/admin_users'
import { authorizeChange, notFound, renderAdmin } from './admin_page.js'

const PER_PAGE = 20

/** The brand's own users (the tenant scope guarantees it): search, page, suspend, reactivate. */
export default class UsersController {
  /** A malformed query string falls back to the first page of everyone rather than an error. */
  async index(ctx: HttpContext) {
    const [, query] = await listUsersValidator.tryValidate(ctx.request.qs())
    const search = query?.q ?? ''
    const page = await directory.list(ctx.tenant, { search, page: query?.page ?? 1, perPage: PER_PAGE })
    return renderAdmin(ctx, 'users', { users: page.all(), meta: page.getMeta(), search })
  }

  async suspend(ctx: HttpContext) {
    return this.#setStatus(ctx, 'suspended')
  }

  async reactivate(ctx: HttpContext) {
    return this.#setStatus(ctx, 'active')
  }

  /** Support staff and anyone touching the owner or themselves are refused by UserPolicy (403). */
  async #setStatus(ctx: HttpContext, status: 'active' | 'suspended') {
    await authorizeChange(ctx)
    const user = await directory.find(ctx.tenant, ctx.params.id)
    if (!user) return notFound(ctx)
    await authorizeChange(ctx, () =>
      ctx.bouncer.with('UserPolicy').authorize(status === 'active' ? 'reactivate' : 'suspend', user)
    )
    await directory.setStatus(ctx.tenant, user, status)
    ctx.session.flash('success', `${user.email} is ${status === 'active' ? 'active again' : 'suspended'}.`)
    return ctx.response.redirect().back('/admin/users')
  }
}
