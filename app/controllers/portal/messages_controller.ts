import type { HttpContext } from '@adonisjs/core/http'
import messageService from '#services/messaging/message_service'
import conversations from '#services/messaging/conversations'
import { estimateSms } from '#services/messaging/estimate'
import { MessageRefusedError } from '#services/messaging/errors'
import { formatE164, toE164 } from '#services/phone'
import { ok } from '#services/api_envelope'
import { renderThemed } from '#controllers/render'
import { notFound } from '#controllers/admin/admin_page'
import { streamMessages } from '#controllers/portal/message_stream'

/** The composer's fields, as posted and as shown again after a refusal. */
const FIELDS = ['to', 'from', 'body'] as const

/** A refusal as the page shows it: the message next to its field, or above the button. */
export function refusalErrors(error: MessageRefusedError, shown: readonly string[]) {
  const errors: Record<string, string> = {}
  for (const { field, message } of error.fields) errors[shown.includes(field) ? field : 'general'] = message
  return errors
}

/** The contact of a thread URL (E.164, "+" possibly still encoded), or null. */
export function contactParam(raw: string) {
  const value = decodeURIComponent(raw ?? '').trim()
  return value.startsWith('+') ? toE164(value) : null
}

/**
 * The portal's messages: conversations, one thread (read marks its inbound messages read),
 * the composer and its live estimate, and the live stream. Sending goes through the message
 * service, so a refused message is written nowhere and charged nothing.
 */
export default class MessagesController {
  async index(ctx: HttpContext) {
    return this.#renderIndex(ctx)
  }

  async show(ctx: HttpContext) {
    const contact = contactParam(ctx.params.contact)
    if (!contact) return notFound(ctx)
    return this.#renderThread(ctx, contact)
  }

  /** A new message from the composer; lands in its thread. */
  async store(ctx: HttpContext) {
    const form = ctx.request.only([...FIELDS])
    try {
      const message = await messageService.send(ctx.tenant, ctx.auth.user!.id, { kind: 'sms', ...form })
      return ctx.response.redirect(`/portal/messages/${encodeURIComponent(message.contact)}`)
    } catch (error) {
      if (!(error instanceof MessageRefusedError)) throw error
      ctx.response.status(error.status)
      return this.#renderIndex(ctx, { form, errors: refusalErrors(error, FIELDS) })
    }
  }

  /** A reply from a thread's composer. */
  async reply(ctx: HttpContext) {
    const contact = contactParam(ctx.params.contact)
    if (!contact) return notFound(ctx)
    const form = ctx.request.only(['from', 'body'])
    try {
      await messageService.send(ctx.tenant, ctx.auth.user!.id, { kind: 'sms', ...form, to: contact })
      return ctx.response.redirect(`/portal/messages/${encodeURIComponent(contact)}`)
    } catch (error) {
      if (!(error instanceof MessageRefusedError)) throw error
      ctx.response.status(error.status)
      return this.#renderThread(ctx, contact, { form, errors: refusalErrors(error, ['from', 'body']) })
    }
  }

  /** What the composer shows as the user types: encoding, segments, characters and price. */
  async estimate(ctx: HttpContext) {
    const { to, body } = ctx.request.qs()
    return ok(await estimateSms(ctx.tenant, { to: typeof to === 'string' ? to : null, body: typeof body === 'string' ? body : null }))
  }

  /** The signed-in user's message changes; with ?contact= the snapshot is that thread. */
  async events(ctx: HttpContext) {
    const userId = ctx.auth.user!.id
    const contact = contactParam(ctx.request.qs().contact ?? '')
    return streamMessages(ctx, { tenantId: ctx.tenant.id, userId }, async () =>
      contact ? conversations.thread(ctx.tenant, userId, contact) : []
    )
  }

  async #renderIndex(ctx: HttpContext, state: { form?: Record<string, unknown>; errors?: Record<string, string> } = {}) {
    const userId = ctx.auth.user!.id
    const [threads, senders] = await Promise.all([conversations.list(ctx.tenant, userId), conversations.senders(ctx.tenant, userId)])
    return renderThemed(ctx, 'pages/portal/messages/index', { threads, senders, form: state.form ?? {}, errors: state.errors ?? {} })
  }

  async #renderThread(ctx: HttpContext, contact: string, state: { form?: Record<string, unknown>; errors?: Record<string, string> } = {}) {
    const userId = ctx.auth.user!.id
    await messageService.markThreadRead(userId, contact)
    const [messages, senders] = await Promise.all([conversations.thread(ctx.tenant, userId, contact), conversations.senders(ctx.tenant, userId)])
    const lastOwn = [...messages].reverse().find((message) => message.direction === 'outbound')
    const form = { from: lastOwn?.from ?? messages.at(-1)?.to, ...state.form }
    return renderThemed(ctx, 'pages/portal/messages/thread', {
      contact,
      contactLabel: formatE164(contact),
      messages,
      senders,
      form,
      errors: state.errors ?? {},
    })
  }
}
