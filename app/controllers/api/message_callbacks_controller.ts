import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { callbackRecorder } from '#services/messaging/callbacks'
import { ok } from '#services/api_envelope'
import { callbackLogValidator, callbackSettingsValidator } from '#validators/bulk'

/** The token holder's message status callback: where it goes, its signing secret, and the delivery log. */
export default class MessageCallbacksController {
  async show(ctx: HttpContext) {
    return ok(callbackRecorder.settings(ctx.auth.user as User))
  }

  /** The secret is in the answer only when it was just issued (first URL, or `rotate_secret`). */
  async update(ctx: HttpContext) {
    const { url, rotate_secret: rotate } = await ctx.request.validateUsing(callbackSettingsValidator)
    return ok(await callbackRecorder.update(ctx.auth.user as User, url, rotate ?? false))
  }

  async index(ctx: HttpContext) {
    const query = await callbackLogValidator.validate(ctx.request.qs())
    const page = await callbackRecorder.log(ctx.auth.user!.id, query.page ?? 1, query.perPage ?? 50, query.status)
    const meta = page.getMeta()
    const items = page.all().map((row) => ({
      id: row.id,
      messageId: row.messageId,
      event: row.event,
      url: row.url,
      status: row.status,
      attempts: row.attempts,
      responseStatus: row.responseStatus,
      lastError: row.lastError,
      nextAttemptAt: row.nextAttemptAt?.toISO() ?? null,
      deliveredAt: row.deliveredAt?.toISO() ?? null,
      createdAt: row.createdAt.toISO(),
      updatedAt: row.updatedAt.toISO(),
    }))
    return ok(items, { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }
}
