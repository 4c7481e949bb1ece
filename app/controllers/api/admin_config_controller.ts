import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import type User from '#models/user'
import tenancy from '#tenants/main'
import { ok, sendError } from '#services/api_envelope'
import { serializeConfig, serializeConfigVersion } from '#services/serializers'

const rollbackValidator = vine.create({ version: vine.number().withoutDecimals().min(1) })

/** The brand's config document over the API: read (masked), patch, history, rollback. */
export default class AdminConfigController {
  async show(ctx: HttpContext) {
    const { version, document } = await tenancy.configs.current(ctx.tenant)
    return ok(serializeConfig(version, document))
  }

  /** A partial document; the merged whole must validate or nothing is saved (422). */
  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const user = ctx.auth.user as User
    const { version, document } = await tenancy.configs.update(ctx.tenant, ctx.request.body(), user.email)
    return ok(serializeConfig(version, document))
  }

  async history(ctx: HttpContext) {
    const rows = await tenancy.configs.history(ctx.tenant)
    return ok(rows.map(serializeConfigVersion))
  }

  async rollback(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageTenant')
    const { version } = await ctx.request.validateUsing(rollbackValidator)
    const restored = await tenancy.configs.rollback(ctx.tenant, version, (ctx.auth.user as User).email)
    if (!restored) return sendError(ctx, 404, 'NOT_FOUND', `There is no config version ${version}`)
    return ok(serializeConfig(restored.version, restored.document))
  }
}
