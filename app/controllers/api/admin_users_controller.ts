import type { HttpContext } from '@adonisjs/core/http'
import directory from '#services/user_directory'
import { ok, sendError } from '#services/api_envelope'
import { serializeUser } from '#services/serializers'

/** The brand's users, for its staff: list, show, suspend, reactivate. */
export default class AdminUsersController {
  async index(ctx: HttpContext) {
    const { search, page, perPage } = ctx.request.qs()
    const result = await directory.list(ctx.tenant, {
      search: typeof search === 'string' ? search : undefined,
      page: Number(page) || 1,
      perPage: Number(perPage) || 25,
    })
    const meta = result.getMeta()
    return ok(result.all().map(serializeUser), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  async show(ctx: HttpContext) {
    const user = await directory.find(ctx.tenant, ctx.params.id)
    if (!user) return sendError(ctx, 404, 'NOT_FOUND', 'No such user')
    return ok(serializeUser(user))
  }

  async suspend(ctx: HttpContext) {
    return this.#setStatus(ctx, 'suspended')
  }

  async reactivate(ctx: HttpContext) {
    return this.#setStatus(ctx, 'active')
  }

  async #setStatus(ctx: HttpContext, status: 'active' | 'suspended') {
    const user = await directory.find(ctx.tenant, ctx.params.id)
    if (!user) return sendError(ctx, 404, 'NOT_FOUND', 'No such user')
    await ctx.bouncer.with('UserPolicy').authorize(status === 'active' ? 'reactivate' : 'suspend', user)
    return ok(serializeUser(await directory.setStatus(ctx.tenant, user, status)))
  }
}
