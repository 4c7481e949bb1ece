import type { HttpContext } from '@adonisjs/core/http'
import bulkService, { BulkRefusedError } from '#services/messaging/bulk_service'
import bulkProgress from '#services/messaging/bulk_progress'
import { recipientsFromCsv, RecipientListError } from '#services/messaging/bulk_template'
import { MessageRefusedError } from '#services/messaging/errors'
import conversations from '#services/messaging/conversations'
import { renderThemed } from '#controllers/render'

const FIELDS = ['name', 'template', 'recipients', 'from', 'per_minute'] as const

/** Where a bulk error goes on the page: the list field for a row's problem ("file.3" -> recipients). */
const fieldOf = (field: string) => (field.startsWith('file') ? 'recipients' : (FIELDS as readonly string[]).includes(field) ? field : 'general')

/**
 * The portal's bulk sends: the list with each send's progress, and a form taking a template
 * and recipients pasted as CSV (a header row with `to` and the template's variables). The
 * bulk service checks every recipient; one bad row refuses the whole send unless skipped.
 */
export default class BulkMessagesController {
  async index(ctx: HttpContext) {
    return this.#render(ctx)
  }

  async store(ctx: HttpContext) {
    const form = ctx.request.only([...FIELDS, 'skip_invalid'])
    try {
      const { recipients, columns } = recipientsFromCsv(String(form.recipients ?? ''))
      const perMinute = Number(form.per_minute) || null
      const { skipped } = await bulkService.create(ctx.tenant, ctx.auth.user!.id, {
        template: String(form.template ?? ''),
        recipients,
        columns,
        listField: 'file',
        from: form.from || null,
        name: form.name || null,
        perMinute,
        skipInvalid: Boolean(form.skip_invalid),
      })
      ctx.session.flash('success', skipped.length ? `Bulk send started; ${skipped.length} recipients were left out.` : 'Bulk send started.')
      return ctx.response.redirect('/portal/messages/bulk')
    } catch (error) {
      const errors: Record<string, string> = {}
      if (error instanceof RecipientListError) errors.recipients = error.message
      else if (error instanceof BulkRefusedError || error instanceof MessageRefusedError) {
        for (const { field, message } of error.fields) errors[fieldOf(field)] ??= field.startsWith('file.') ? `Line ${field.split('.')[1]}: ${message}` : message
        if (error instanceof BulkRefusedError) errors.general ??= error.message
      } else throw error
      ctx.response.status(error instanceof RecipientListError ? 422 : (error as { status: number }).status)
      return this.#render(ctx, form, errors)
    }
  }

  async #render(ctx: HttpContext, form: Record<string, unknown> = {}, errors: Record<string, string> = {}) {
    const userId = ctx.auth.user!.id
    const page = await bulkService.list(userId, 1, 50)
    const tallies = await bulkProgress.tally(page.all().map((bulk) => bulk.id))
    const bulks = []
    for (const bulk of page.all()) bulks.push(await bulkProgress.present(bulk, tallies.get(bulk.id)!))
    const senders = await conversations.senders(ctx.tenant, userId)
    return renderThemed(ctx, 'pages/portal/messages/bulk', { bulks, senders, form, errors })
  }
}
