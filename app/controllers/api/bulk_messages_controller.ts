import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import bulkService from '#services/messaging/bulk_service'
import bulkProgress from '#services/messaging/bulk_progress'
import { recipientsFromCsv, recipientsFromList, RecipientListError } from '#services/messaging/bulk_template'
import { presentMessage } from '#services/messaging/message_feed'
import { ok, sendError } from '#services/api_envelope'
import { bulkRecipientsValidator, createBulkValidator, listBulksValidator } from '#validators/bulk'

/** The token holder's bulk sends. Anyone else's id is a 404. */
export default class BulkMessagesController {
  async index(ctx: HttpContext) {
    const query = await listBulksValidator.validate(ctx.request.qs())
    const page = await bulkService.list(ctx.auth.user!.id, query.page ?? 1, query.perPage ?? 20)
    const tallies = await bulkProgress.tally(page.all().map((bulk) => bulk.id))
    const items = await Promise.all(page.all().map((bulk) => bulkProgress.present(bulk, tallies.get(bulk.id)!)))
    const meta = page.getMeta()
    return ok(items, { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  /** A JSON recipient list or a CSV upload (`file`); 201 with what was queued and what was left out. */
  async store(ctx: HttpContext) {
    const data = await ctx.request.validateUsing(createBulkValidator)
    if (data.file && data.recipients) return sendError(ctx, 422, 'VALIDATION_FAILED', 'Send recipients or a file, not both', [{ field: 'file', message: 'Send recipients or a file, not both' }])
    let list
    try {
      list = data.file
        ? { ...recipientsFromCsv(await readFile(data.file.tmpPath!)), listField: 'file' }
        : { recipients: recipientsFromList(data.recipients!), columns: [...new Set(data.recipients!.flatMap((row) => Object.keys(row).map((key) => key.toLowerCase())))], listField: 'recipients' }
    } catch (error) {
      if (!(error instanceof RecipientListError)) throw error
      return sendError(ctx, 422, 'RECIPIENTS_INVALID', error.message, [{ field: error.field, message: error.message }])
    }
    const { bulk, skipped, duplicates } = await bulkService.create(ctx.tenant, ctx.auth.user!.id, {
      ...list,
      template: data.template,
      from: data.from,
      name: data.name,
      perMinute: data.per_minute,
      sendAt: data.send_at,
      timeZone: data.time_zone,
      skipInvalid: data.skip_invalid,
    })
    const tallies = await bulkProgress.tally([bulk.id])
    return ctx.response.created(ok({ ...(await bulkProgress.present(bulk, tallies.get(bulk.id)!)), duplicates, skipped }))
  }

  /** Progress: counts per status, percent done, estimated and charged amounts. */
  async show(ctx: HttpContext) {
    const bulk = await bulkService.find(ctx.auth.user!.id, ctx.params.id)
    if (!bulk) return sendError(ctx, 404, 'NOT_FOUND', 'No such bulk send')
    const tallies = await bulkProgress.tally([bulk.id])
    return ok(await bulkProgress.present(bulk, tallies.get(bulk.id)!))
  }

  async recipients(ctx: HttpContext) {
    const bulk = await bulkService.find(ctx.auth.user!.id, ctx.params.id)
    if (!bulk) return sendError(ctx, 404, 'NOT_FOUND', 'No such bulk send')
    const query = await bulkRecipientsValidator.validate(ctx.request.qs())
    const page = await bulkProgress.recipients(bulk, query.page ?? 1, query.perPage ?? 50, query.status)
    const meta = page.getMeta()
    return ok(page.all().map(presentMessage), { total: meta.total, page: meta.currentPage, perPage: meta.perPage })
  }

  /** Cancels the recipients not sent yet and releases what was held for them. */
  async destroy(ctx: HttpContext) {
    const bulk = await bulkService.find(ctx.auth.user!.id, ctx.params.id)
    if (!bulk) return sendError(ctx, 404, 'NOT_FOUND', 'No such bulk send')
    const cancelled = await bulkProgress.cancel(bulk)
    const tallies = await bulkProgress.tally([bulk.id])
    return ok({ ...(await bulkProgress.present(bulk, tallies.get(bulk.id)!)), cancelled })
  }
}
