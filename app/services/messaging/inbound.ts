import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Message from '#models/message'
import MessageOptOut from '#models/message_opt_out'
import PhoneNumber from '#models/phone_number'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { MessagingConfig } from '#config/messaging'
import type { InboundMessage, InboundVerdict } from '#telephony/types'
import { toE164 } from '#services/phone'
import { dbTimeMs } from '#services/db_time'
import { segmentsOf } from './segments.js'
import { publishMessageChange } from './message_feed.js'
import { storeInboundMedia } from './media_store.js'

export type Keyword = 'stop' | 'start' | 'help'

/** The keyword a whole message is (case and surrounding space ignored), if any. */
export function keywordOf(body: string): Keyword | null {
  const word = body.trim().toUpperCase()
  const { keywords } = app.config.get<MessagingConfig>('messaging')
  if (keywords.stop.includes(word)) return 'stop'
  if (keywords.start.includes(word)) return 'start'
  if (keywords.help.includes(word)) return 'help'
  return null
}

/** A brand's keyword answer with its name and support contact filled in. */
export function keywordReply(tenant: TenantSnapshot, keyword: Keyword) {
  const { content, branding, support } = tenant.config
  const template = keyword === 'help' ? content.sms.helpReply : keyword === 'stop' ? content.sms.stopReply : content.sms.startReply
  const contact = support.phone ?? support.email ?? support.url ?? tenant.primaryHost
  return template.replaceAll('{{appName}}', branding.appName).replaceAll('{{support}}', contact)
}

/**
 * Messages from handsets: routed to the brand and user who own the destination number, or
 * refused when nobody does (the carrier is told, so it stops retrying). STOP, START and HELP
 * are handled for the brand: opt-out recorded or lifted, and the brand's answer sent back free
 * of charge. The message itself is stored either way, so the user sees it in the thread.
 */
export class InboundService {
  async receive(inbound: InboundMessage): Promise<InboundVerdict> {
    const to = toE164(inbound.to.startsWith('+') ? inbound.to : `+${inbound.to}`)
    const from = toE164(inbound.from.startsWith('+') ? inbound.from : `+${inbound.from}`) ?? inbound.from.slice(0, 32)
    if (!to) return { accepted: false, reason: 'the destination is not a phone number' }
    const number = await acrossAllTenants('inbound message routing', () =>
      PhoneNumber.query().where('e164', to).whereNotNull('user_id').whereIn('status', ['active', 'grace']).first()
    )
    if (!number) return { accepted: false, reason: `no one owns ${to}` }
    const tenant = await tenancy.resolver.snapshot(number.tenantId)
    if (!tenant || tenant.status !== 'active') return { accepted: false, reason: 'the brand is not active' }
    if (!tenant.config.features.sms || (inbound.kind === 'mms' && !tenant.config.features.mms)) {
      return { accepted: false, reason: 'messaging is switched off for the brand' }
    }
    if (inbound.kind === 'mms' ? !number.mmsEnabled && !number.smsEnabled : !number.smsEnabled) {
      return { accepted: false, reason: 'the number does not take messages' }
    }
    return runForTenant(tenant, async () => {
      const body = (inbound.body ?? '').slice(0, 10_000)
      const segmentation = segmentsOf(body)
      const now = DateTime.now()
      const message = await Message.create({
        userId: number.userId!,
        phoneNumberId: number.id,
        ref: randomUUID(),
        direction: 'inbound',
        kind: inbound.kind,
        fromNumber: from,
        toNumber: to,
        contact: from,
        body,
        encoding: segmentation.encoding,
        segments: segmentation.segments,
        mediaCount: 0,
        status: 'received',
        attempts: 0,
        priceMicros: 0,
        currency: tenant.config.pricing.currency,
        carrier: inbound.carrier,
        carrierMessageId: inbound.carrierMessageId ?? null,
        deliveredAt: inbound.receivedAt ? DateTime.fromJSDate(inbound.receivedAt) : now,
      })
      if (inbound.media?.length) {
        message.mediaCount = await storeInboundMedia(tenant.id, number.userId!, message.id, inbound.media)
        if (message.mediaCount) await message.save()
      }
      publishMessageChange(message)
      const keyword = inbound.kind === 'sms' ? keywordOf(body) : null
      if (keyword) await this.#keyword(tenant, number, from, keyword)
      return { accepted: true as const, messageId: message.id }
    })
  }

  async #keyword(tenant: TenantSnapshot, number: PhoneNumber, contact: string, keyword: Keyword) {
    if (keyword === 'stop') {
      const existing = await MessageOptOut.query().where('contact', contact).first()
      if (!existing) {
        try {
          await MessageOptOut.create({ contact, viaNumber: number.e164, keyword: 'STOP' })
        } catch {
          // a concurrent STOP recorded it first
        }
      }
    } else if (keyword === 'start') {
      await MessageOptOut.query().where('contact', contact).delete()
    }
    logger.info({ tenantId: tenant.id, keyword }, 'messaging keyword handled')
    await queueSystemReply(tenant, number, contact, keywordReply(tenant, keyword))
  }
}

/** Queues a free message from the brand's number (keyword answers): no hold, no charge, sent even to an opted-out contact. */
export async function queueSystemReply(tenant: TenantSnapshot, number: PhoneNumber, to: string, body: string) {
  const segmentation = segmentsOf(body)
  const now = dbTimeMs(DateTime.now())
  await db.table('messages').insert({
    tenant_id: tenant.id,
    user_id: number.userId,
    phone_number_id: number.id,
    ref: randomUUID(),
    direction: 'outbound',
    kind: 'sms',
    from_number: number.e164,
    to_number: to,
    contact: to,
    body,
    encoding: segmentation.encoding,
    segments: segmentation.segments,
    media_count: 0,
    status: 'queued',
    due_at: now,
    attempts: 0,
    hold_id: null,
    price_micros: 0,
    currency: tenant.config.pricing.currency,
    created_at: now,
    updated_at: now,
  })
}

const inbound = new InboundService()
export default inbound
