import db from '@adonisjs/lucid/services/db'
import Message from '#models/message'
import PhoneNumber from '#models/phone_number'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { formatE164 } from '#services/phone'
import { presentMessage, type PresentedMessage } from './message_feed.js'

/** One conversation in the portal's list: the contact, the latest message and what is unread. */
export interface ConversationSummary {
  contact: string
  contactLabel: string
  last: PresentedMessage
  unread: number
}

/**
 * The portal's reads of a user's messages: conversations threaded by contact, one thread, the
 * scheduled ones and the numbers that may send. Every read is by the owner inside the brand,
 * so another user's contact is simply an empty thread.
 */
export class Conversations {
  /** Conversations, the one with the newest message first. */
  async list(tenant: TenantSnapshot, userId: number, limit = 100): Promise<ConversationSummary[]> {
    return runForTenant(tenant, async () => {
      const groups = await Message.query()
        .where('user_id', userId)
        .whereNot('status', 'cancelled')
        .select('contact')
        .max('id as last_id')
        .select(db.raw("sum(case when direction = 'inbound' and read_at is null then 1 else 0 end) as unread"))
        .groupBy('contact')
        .orderBy('last_id', 'desc')
        .limit(limit)
        .pojo<{ contact: string; last_id: number; unread: number | string | null }>()
      if (!groups.length) return []
      const latest = await Message.query().whereIn('id', groups.map((group) => group.last_id))
      const byId = new Map(latest.map((message) => [message.id, message]))
      return groups.map((group) => ({
        contact: group.contact,
        contactLabel: formatE164(group.contact),
        last: presentMessage(byId.get(Number(group.last_id))!),
        unread: Number(group.unread ?? 0),
      }))
    })
  }

  /** The latest `limit` messages with a contact, oldest first. */
  async thread(tenant: TenantSnapshot, userId: number, contact: string, limit = 200) {
    return runForTenant(tenant, async () => {
      const newest = await Message.query().where('user_id', userId).where('contact', contact).orderBy('id', 'desc').limit(limit)
      return newest.reverse().map(presentMessage)
    })
  }

  /** Messages waiting for their time, soonest first. */
  async scheduled(tenant: TenantSnapshot, userId: number) {
    return runForTenant(tenant, async () => {
      const rows = await Message.query().where('user_id', userId).where('status', 'scheduled').orderBy('due_at', 'asc').orderBy('id', 'asc').limit(500)
      return rows.map(presentMessage)
    })
  }

  /** The user's active numbers that can send SMS, primary first (the composer's "from" choices). */
  async senders(tenant: TenantSnapshot, userId: number) {
    return runForTenant(tenant, async () => {
      const numbers = await PhoneNumber.query()
        .where('user_id', userId)
        .where('status', 'active')
        .where('sms_enabled', true)
        .orderBy('is_primary', 'desc')
        .orderBy('id', 'asc')
      return numbers.map((number) => ({ e164: number.e164, label: formatE164(number.e164), primary: number.isPrimary }))
    })
  }

  /** The unread inbound messages across all conversations (the nav badge). */
  async unreadCount(tenant: TenantSnapshot, userId: number) {
    return runForTenant(tenant, async () => {
      const row = await Message.query().where('user_id', userId).where('direction', 'inbound').whereNull('read_at').count('* as total').pojo<{ total: number }>()
      return Number(row[0]?.total ?? 0)
    })
  }
}

const conversations = new Conversations()
export default conversations
