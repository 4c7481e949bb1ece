import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Message from '#models/message'
import MessageMedia from '#models/message_media'
import MessageOptOut from '#models/message_opt_out'
import PhoneNumber from '#models/phone_number'
import User from '#models/user'
import walletService from '#services/money/wallet_service'
import { InsufficientFundsException } from '#services/money/errors'
import rating, { NoRateError } from '#services/rating/rating_service'
import { countryOfE164, toE164 } from '#services/phone'
import { dbTime, dbTimeMs } from '#services/db_time'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { MessagingConfig } from '#config/messaging'
import { MessageRefusedError } from './errors.js'
import { segmentsOf, type Segmentation } from './segments.js'
import { publishMessageChange } from './message_feed.js'
/** Status callbacks listen to the message feed in every process that queues or moves messages. */
import './callbacks.js'

type Trx = TransactionClientContract

/** What a user asks to send; the fields carry the API's names in errors. */
export interface SendInput {
  kind?: 'sms' | 'mms'
  /** The sender: one of the user's numbers (E.164); the primary text-capable one when absent. */
  from?: string | null
  to: string
  body?: string | null
  /** MMS: ids of media the user uploaded (POST /mms/media) and has not sent yet. */
  mediaIds?: number[]
  /** Scheduled: an ISO 8601 instant, or a local date-time read in `timeZone`. */
  sendAt?: string | null
  timeZone?: string | null
  bulkId?: number | null
}

/** A message that passed every check, priced, not yet written. */
export interface MessageDraft {
  kind: 'sms' | 'mms'
  number: PhoneNumber
  to: string
  body: string
  segmentation: Segmentation
  priceMicros: number
  costMicros: number
  currency: string
  dueAt: DateTime
  scheduledFor: DateTime | null
  timeZone: string | null
  mediaIds: number[]
}

/**
 * Look-ups the rows of one bulk send share (sender, schedule, opt-outs), done once per batch
 * so 10,000 rows cost a handful of queries instead of 30,000.
 */
export interface PrepareLookups {
  senders: Map<string, Promise<PhoneNumber>>
  schedules: Map<string, Promise<{ dueAt: DateTime; scheduledFor: DateTime | null; timeZone: string | null }>>
  optedOut: Set<string>
}

/** The shared promise for `key`, started once. */
function memo<T>(cache: Map<string, Promise<T>> | undefined, key: string, load: () => Promise<T>): Promise<T> {
  if (!cache) return load()
  let value = cache.get(key)
  if (!value) {
    value = load()
    value.catch(() => undefined)
    cache.set(key, value)
  }
  return value
}

/** How long a hold outlives the moment the message is due: the outbox settles it well before. */
const HOLD_SLACK_SECONDS = 24 * 3600

/**
 * Sending: checks a message (feature, sender, destination, opt-out, body, media, schedule),
 * prices it per segment, and writes it `queued` (or `scheduled`) in the same transaction as its
 * wallet hold. Nothing else is written when a check fails. The outbox does the rest.
 */
export class MessageService {
  #config() {
    return app.config.get<MessagingConfig>('messaging')
  }

  /** Checks and prices one message; throws MessageRefusedError naming the field at fault. */
  async prepare(tenant: TenantSnapshot, userId: number, input: SendInput, options: { field?: (name: string) => string; lookups?: PrepareLookups } = {}): Promise<MessageDraft> {
    const field = options.field ?? ((name: string) => name)
    const kind = input.kind ?? 'sms'
    const features = tenant.config.features
    if (!features.sms || (kind === 'mms' && !features.mms)) {
      throw new MessageRefusedError('FEATURE_DISABLED', `${kind === 'mms' ? 'MMS' : 'SMS'} is not available on this service`, { status: 403, field: 'kind' })
    }
    const body = (input.body ?? '').normalize('NFC')
    const mediaIds = [...new Set(input.mediaIds ?? [])]
    const limits = this.#config().limits
    if (kind === 'sms' && !body.trim()) throw new MessageRefusedError('BODY_INVALID', 'The message is empty', { field: field('body') })
    if (kind === 'mms' && !body.trim() && !mediaIds.length) {
      throw new MessageRefusedError('BODY_INVALID', 'An MMS needs a text or at least one media file', { field: field('body') })
    }
    if (body.length > limits.maxBodyChars) {
      throw new MessageRefusedError('BODY_INVALID', `The message is longer than ${limits.maxBodyChars} characters`, { field: field('body') })
    }
    const segmentation = segmentsOf(body)
    if (kind === 'sms' && segmentation.segments > limits.maxSegments) {
      throw new MessageRefusedError('BODY_INVALID', `The message needs ${segmentation.segments} segments; at most ${limits.maxSegments} are allowed`, { field: field('body') })
    }
    const to = toE164(input.to)
    if (!to || !input.to?.trim().startsWith('+')) {
      throw new MessageRefusedError('DESTINATION_INVALID', 'The destination must be a valid phone number in E.164 form, such as +14155550123', { field: field('to') })
    }
    const country = countryOfE164(to)
    if (!country || !tenant.config.regions.includes(country)) {
      throw new MessageRefusedError('DESTINATION_NOT_ALLOWED', `Messages to ${country ?? 'this destination'} are not offered`, { field: field('to') })
    }
    const lookups = options.lookups
    const number = await memo(lookups?.senders, `${kind}:${input.from ?? ''}`, () => this.#sender(userId, input.from ?? null, kind, field('from')))
    if (number.e164 === to) throw new MessageRefusedError('DESTINATION_INVALID', 'A number cannot text itself', { field: field('to') })
    if (lookups ? lookups.optedOut.has(to) : await MessageOptOut.query().where('contact', to).first()) {
      throw new MessageRefusedError('OPTED_OUT', `${to} has opted out of messages from this service (they replied STOP)`, { status: 409, field: field('to') })
    }
    if (mediaIds.length) await this.#checkMedia(userId, mediaIds, field('media'))
    const scheduleKey = `${input.sendAt ?? ''}|${input.timeZone ?? ''}`
    const { dueAt, scheduledFor, timeZone } = await memo(lookups?.schedules, scheduleKey, () => this.#schedule(tenant, userId, input, field))
    const quote = await this.#quote(tenant, kind, to, segmentation.segments, field('to'))
    return {
      kind,
      number,
      to,
      body,
      segmentation,
      priceMicros: quote.priceMicros,
      costMicros: quote.costMicros,
      currency: quote.currency,
      dueAt,
      scheduledFor,
      timeZone,
      mediaIds,
    }
  }

  /**
   * prepare() for many rows (a bulk send), with the look-ups they share done once: each row's
   * draft, or the refusal naming its field (`field(index, name)`). Other errors are thrown.
   */
  async prepareMany(tenant: TenantSnapshot, userId: number, inputs: SendInput[], field: (index: number, name: string) => string) {
    const destinations = [...new Set(inputs.map((input) => toE164(input.to)).filter((to): to is string => Boolean(to)))]
    const optedOut = new Set<string>()
    for (let index = 0; index < destinations.length; index += 1000) {
      const rows = await MessageOptOut.query().whereIn('contact', destinations.slice(index, index + 1000)).select('contact')
      for (const row of rows) optedOut.add(row.contact)
    }
    const lookups: PrepareLookups = { senders: new Map(), schedules: new Map(), optedOut }
    const results: Array<MessageDraft | MessageRefusedError> = []
    for (const [index, input] of inputs.entries()) {
      try {
        results.push(await this.prepare(tenant, userId, input, { field: (name) => field(index, name), lookups }))
      } catch (error) {
        if (!(error instanceof MessageRefusedError)) throw error
        results.push(error)
      }
    }
    return results
  }

  /** Checks, holds and queues one message. */
  async send(tenant: TenantSnapshot, userId: number, input: SendInput): Promise<Message> {
    const draft = await this.prepare(tenant, userId, input)
    const [message] = await this.queue(userId, [draft], { bulkId: input.bulkId ?? null })
    return message
  }

  /**
   * Writes prepared drafts with their holds in one transaction (all or none): a wallet that
   * cannot cover the sum gets 402 INSUFFICIENT_FUNDS and nothing is written.
   */
  async queue(userId: number, drafts: MessageDraft[], options: { bulkId?: number | null; trx?: Trx } = {}): Promise<Message[]> {
    if (!drafts.length) return []
    const write = async (trx: Trx) => {
      const refs = drafts.map(() => randomUUID())
      const holds = await walletService.holdMany(
        userId,
        drafts.map((draft, index) => ({
          amountMicros: draft.priceMicros,
          category: draft.kind,
          reference: { type: 'message', id: refs[index] },
          description: `${draft.kind === 'mms' ? 'MMS' : 'SMS'} to ${draft.to}`,
          ttlSeconds: Math.max(0, Math.ceil(draft.dueAt.diffNow('seconds').seconds)) + HOLD_SLACK_SECONDS,
        })),
        trx
      )
      const now = DateTime.now()
      const rows = drafts.map((draft, index) => ({
        tenant_id: draft.number.tenantId,
        user_id: userId,
        phone_number_id: draft.number.id,
        ref: refs[index],
        direction: 'outbound',
        kind: draft.kind,
        from_number: draft.number.e164,
        to_number: draft.to,
        contact: draft.to,
        body: draft.body,
        encoding: draft.segmentation.encoding,
        segments: draft.kind === 'mms' ? 1 : draft.segmentation.segments,
        media_count: draft.mediaIds.length,
        status: draft.scheduledFor ? 'scheduled' : 'queued',
        due_at: dbTimeMs(draft.dueAt),
        scheduled_for: draft.scheduledFor ? dbTimeMs(draft.scheduledFor) : null,
        time_zone: draft.timeZone,
        attempts: 0,
        hold_id: holds[index].id,
        price_micros: draft.priceMicros,
        cost_micros: draft.costMicros,
        currency: draft.currency,
        bulk_id: options.bulkId ?? null,
        created_at: dbTimeMs(now),
        updated_at: dbTimeMs(now),
      }))
      for (let index = 0; index < rows.length; index += 500) await trx.table('messages').multiInsert(rows.slice(index, index + 500))
      const written = await Message.query({ client: trx }).whereIn('ref', refs)
      const byRef = new Map(written.map((message) => [message.ref, message]))
      const messages = refs.map((ref) => byRef.get(ref)!)
      for (const [index, draft] of drafts.entries()) {
        if (!draft.mediaIds.length) continue
        const attached = await MessageMedia.query({ client: trx })
          .whereIn('id', draft.mediaIds)
          .where('user_id', userId)
          .whereNull('message_id')
          .update({ messageId: messages[index].id })
        if (Number(Array.isArray(attached) ? attached[0] : attached) !== draft.mediaIds.length) {
          throw new MessageRefusedError('MEDIA_INVALID', 'A media file was already sent or removed; upload it again', { field: 'media' })
        }
      }
      return messages
    }
    try {
      if (options.trx) {
        const trx = options.trx
        const messages = await write(trx)
        /** Nothing is announced for rows the caller's transaction may still roll back. */
        trx.after('commit', () => messages.forEach((message) => publishMessageChange(message)))
        return messages
      }
      const messages = await db.transaction(write)
      for (const message of messages) publishMessageChange(message)
      return messages
    } catch (error) {
      if (error instanceof InsufficientFundsException) {
        throw new MessageRefusedError('INSUFFICIENT_FUNDS', 'The wallet balance does not cover this message; top up and try again', { status: 402, field: 'to' })
      }
      throw error
    }
  }

  /** Cancels a scheduled message and releases its hold; anything already on its way cannot be. */
  async cancelScheduled(userId: number, messageId: number): Promise<Message> {
    const cancelled = await db.transaction(async (trx) => {
      const message = await Message.query({ client: trx }).where('id', messageId).where('user_id', userId).forUpdate().firstOrFail()
      if (message.status !== 'scheduled') {
        throw new MessageRefusedError('NOT_CANCELLABLE', `The message is ${message.status}; only scheduled messages can be cancelled`, { status: 409, field: 'id' })
      }
      message.status = 'cancelled'
      message.cancelledAt = DateTime.now()
      await message.useTransaction(trx).save()
      return message
    })
    if (cancelled.holdId) await walletService.release(cancelled.holdId).catch(() => undefined)
    publishMessageChange(cancelled)
    return cancelled
  }

  /** Marks a thread read up to now. */
  async markThreadRead(userId: number, contact: string) {
    await Message.query().where('user_id', userId).where('contact', contact).where('direction', 'inbound').whereNull('read_at').update({ readAt: dbTime(DateTime.now()) })
  }

  async #sender(userId: number, from: string | null, kind: 'sms' | 'mms', field: string) {
    const query = PhoneNumber.query().where('user_id', userId).where('status', 'active').where(kind === 'mms' ? 'mms_enabled' : 'sms_enabled', true)
    if (from) {
      const e164 = toE164(from)
      const number = e164 ? await query.where('e164', e164).first() : null
      if (!number) {
        throw new MessageRefusedError('SENDER_NOT_OWNED', `${from} is not one of your active numbers that can send ${kind === 'mms' ? 'MMS' : 'SMS'}`, { status: 403, field })
      }
      return number
    }
    const number = await query.orderBy('is_primary', 'desc').orderBy('id', 'asc').first()
    if (!number) {
      throw new MessageRefusedError('SENDER_NOT_OWNED', `You have no active number that can send ${kind === 'mms' ? 'MMS' : 'SMS'}`, { status: 403, field })
    }
    return number
  }

  async #checkMedia(userId: number, mediaIds: number[], field: string) {
    const { maxFiles, maxBytes } = this.#config().media
    if (mediaIds.length > maxFiles) throw new MessageRefusedError('MEDIA_INVALID', `At most ${maxFiles} media files per message`, { field })
    const found = await MessageMedia.query().whereIn('id', mediaIds).where('user_id', userId).whereNull('message_id')
    if (found.length !== mediaIds.length) throw new MessageRefusedError('MEDIA_INVALID', 'A media file was not found or was already sent', { field })
    const bytes = found.reduce((sum, media) => sum + media.bytes, 0)
    if (bytes > maxBytes) throw new MessageRefusedError('MEDIA_INVALID', `The media add up to more than ${Math.round(maxBytes / 1048576)} MB`, { field })
  }

  async #schedule(tenant: TenantSnapshot, userId: number, input: SendInput, field: (name: string) => string) {
    const now = DateTime.now()
    if (!input.sendAt) return { dueAt: now, scheduledFor: null, timeZone: null }
    if (!tenant.config.features.scheduled_sms) {
      throw new MessageRefusedError('FEATURE_DISABLED', 'Scheduled messages are not available on this service', { status: 403, field: field('send_at') })
    }
    const user = await User.query().where('id', userId).first()
    const zone = input.timeZone ?? user?.timeZone ?? 'UTC'
    if (!DateTime.now().setZone(zone).isValid) {
      throw new MessageRefusedError('SCHEDULE_INVALID', `${zone} is not an IANA time zone such as Europe/Berlin`, { field: field('time_zone') })
    }
    const at = DateTime.fromISO(input.sendAt, { zone, setZone: false })
    if (!at.isValid) {
      throw new MessageRefusedError('SCHEDULE_INVALID', 'The send time must be an ISO 8601 date and time, such as 2026-12-24T09:00', { field: field('send_at') })
    }
    if (at <= now) throw new MessageRefusedError('SCHEDULE_INVALID', 'The send time is in the past', { field: field('send_at') })
    if (at > now.plus({ days: 365 })) throw new MessageRefusedError('SCHEDULE_INVALID', 'The send time is more than a year away', { field: field('send_at') })
    return { dueAt: at, scheduledFor: at, timeZone: zone }
  }

  async #quote(tenant: TenantSnapshot, kind: 'sms' | 'mms', to: string, segments: number, field: string) {
    try {
      const destination = to.replace(/^\+/, '')
      return kind === 'mms' ? await rating.quoteMms(tenant, { destination }) : await rating.quoteSms(tenant, { destination, segments })
    } catch (error) {
      if (error instanceof NoRateError) throw new MessageRefusedError('NO_RATE', `There is no price for messages to ${to}`, { field })
      throw error
    }
  }
}


const messageService = new MessageService()
export default messageService
