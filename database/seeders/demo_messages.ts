import Tenant from '#models/tenant'
import User from '#models/user'
import Message from '#models/message'
import PhoneNumber from '#models/phone_number'
import messageService from '#services/messaging/message_service'
import { dbTimeMs } from '#services/db_time'
import { outbox } from '#services/messaging/outbox'
import receipts from '#services/messaging/receipts'
import inbound from '#services/messaging/inbound'
import messaging from '#telephony/messaging/manager'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { DateTime } from 'luxon'

/** Ann's conversation: her texts are sent and delivered, the other side's arrive; the last reply is unread. */
const DEMO_CONVERSATION = {
  brand: 'acme',
  email: 'ann@acme.test',
  contact: '+12025550143',
  messages: [
    { from: 'user', body: 'Hi Sam, are we still on for lunch tomorrow?', minutesAgo: 95 },
    { from: 'contact', body: 'Yes! 12:30 at the usual place?', minutesAgo: 90 },
    { from: 'user', body: 'Perfect, see you there 👍', minutesAgo: 88 },
    { from: 'contact', body: 'Great, I will book a table.', minutesAgo: 20 },
  ],
}

/**
 * A conversation with receipts for Ann at Acme, through the real paths: sends held and queued
 * by the message service, submitted by the outbox to the simulated SMSC, delivered by receipts;
 * replies taken by the inbound service. Globex has SMS switched off and gets none.
 */
export async function seedDemoMessages() {
  const demo = DEMO_CONVERSATION
  const tenant = await acrossAllTenants('demo messages', () => Tenant.findByOrFail('slug', demo.brand))
  const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
  const user = await runForTenant(tenant, () => User.findByOrFail('email', demo.email))
  for (const [index, item] of demo.messages.entries()) {
    if (item.from === 'user') {
      const message = await runForTenant(tenant, () => messageService.send(snapshot, user.id, { kind: 'sms', to: demo.contact, body: item.body }))
      await outbox.drain()
      const sent = await runForTenant(tenant, () => Message.findOrFail(message.id))
      await receipts.receive({ carrier: sent.carrier!, carrierMessageId: sent.carrierMessageId!, status: 'delivered', errorCode: null, doneAt: new Date() })
      await receipts.flush()
      await backdate(tenant, message.id, item.minutesAgo)
    } else {
      const own = await runForTenant(tenant, () => PhoneNumber.query().where('user_id', user.id).where('is_primary', true).firstOrFail())
      await inbound.receive({ carrier: 'simulated', kind: 'sms', from: demo.contact, to: own.e164, body: item.body, carrierMessageId: `demo-${index}`, receivedAt: new Date() })
      const received = await runForTenant(tenant, () => Message.query().where('user_id', user.id).where('direction', 'inbound').orderBy('id', 'desc').firstOrFail())
      await backdate(tenant, received.id, item.minutesAgo)
    }
  }
  /** The simulated SMSC would also answer and repeat its receipts later: the demo thread is the one above. */
  await messaging.restore()
  /** Ann has read all but the latest reply. */
  await runForTenant(tenant, async () => {
    await messageService.markThreadRead(user.id, demo.contact)
    const latest = await Message.query().where('user_id', user.id).where('direction', 'inbound').orderBy('id', 'desc').firstOrFail()
    await Message.query().where('id', latest.id).update({ read_at: null })
  })
}

/** Moves a message's times into the past, as if the conversation happened earlier today. */
async function backdate(tenant: Tenant, id: number, minutesAgo: number) {
  const at = DateTime.now().minus({ minutes: minutesAgo })
  await runForTenant(tenant, async () => {
    const message = await Message.findOrFail(id)
    const shift = (value: DateTime | null, seconds: number) => (value ? dbTimeMs(at.plus({ seconds })) : null)
    await Message.query()
      .where('id', id)
      .update({ created_at: dbTimeMs(at), due_at: shift(message.dueAt, 0), sent_at: shift(message.sentAt, 1), delivered_at: shift(message.deliveredAt, 4), read_at: shift(message.readAt, 60) })
  })
}
