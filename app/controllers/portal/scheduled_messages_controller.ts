import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import messageService from '#services/messaging/message_service'
import conversations from '#services/messaging/conversations'
import { MessageRefusedError } from '#services/messaging/errors'
import { TIME_ZONES } from '#services/calls/rule_form'
import { renderThemed } from '#controllers/render'
import { refusalErrors } from '#controllers/portal/messages_controller'

const FIELDS = ['to', 'from', 'body', 'send_at', 'time_zone'] as const

/**
 * The portal's scheduled messages: the list with cancel, and (with scheduled_sms on) the form
 * that schedules one for a local date and time in a chosen zone. `:id` is a messages row of
 * the signed-in user; anyone else's is a 404.
 */
export default class ScheduledMessagesController {
  async index(ctx: HttpContext) {
    return this.#render(ctx)
  }

  async store(ctx: HttpContext) {
    const form = ctx.request.only([...FIELDS])
    try {
      await messageService.send(ctx.tenant, ctx.auth.user!.id, {
        kind: 'sms',
        to: form.to,
        from: form.from,
        body: form.body,
        sendAt: form.send_at || null,
        timeZone: form.time_zone || null,
      })
      ctx.session.flash('success', 'Message scheduled.')
      return ctx.response.redirect('/portal/messages/scheduled')
    } catch (error) {
      if (!(error instanceof MessageRefusedError)) throw error
      ctx.response.status(error.status)
      return this.#render(ctx, form, refusalErrors(error, FIELDS))
    }
  }

  async cancel(ctx: HttpContext) {
    try {
      await messageService.cancelScheduled(ctx.auth.user!.id, Number(ctx.params.id))
      ctx.session.flash('success', 'Scheduled message cancelled.')
    } catch (error) {
      if (!(error instanceof MessageRefusedError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect('/portal/messages/scheduled')
  }

  async #render(ctx: HttpContext, form: Record<string, unknown> = {}, errors: Record<string, string> = {}) {
    const user = ctx.auth.user as User
    const [scheduled, senders] = await Promise.all([conversations.scheduled(ctx.tenant, user.id), conversations.senders(ctx.tenant, user.id)])
    return renderThemed(ctx, 'pages/portal/messages/scheduled', {
      scheduled,
      senders,
      timeZones: TIME_ZONES,
      userZone: user.timeZone ?? 'UTC',
      form: { time_zone: user.timeZone ?? '', ...form },
      errors,
    })
  }
}
