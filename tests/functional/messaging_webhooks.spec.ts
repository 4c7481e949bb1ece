import { test } from '@japa/runner'
import type { TestContext } from '@japa/runner/core'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import Message from '#models/message'
import MessageMedia from '#models/message_media'
import messaging from '#telephony/messaging/manager'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { signCarrierWebhook } from '#telephony/drivers/http_mms_driver'
import { ACME, PLATFORM } from '#tests/helpers'
import { raw } from '#tests/dialer_helpers'
import { RecordingCarrier, drainOutbox, eventually, messagesOf, texter } from '#tests/messaging_helpers'
import { MmsCarrierStandIn } from '#tests/stand_ins/mms_carrier'
import messageService from '#services/messaging/message_service'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const SECRET = 'test-mms-webhook-secret'
const appUrl = () => `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`

/** A carrier stand-in posting to this test server with the platform's webhook secret set for the test. */
async function carrierFor(cleanup: TestContext['cleanup']) {
  const before = app.config.get('messaging.mms.webhookSecret')
  app.config.set('messaging.mms.webhookSecret', SECRET)
  cleanup(() => app.config.set('messaging.mms.webhookSecret', before))
  const carrier = new MmsCarrierStandIn({ url: appUrl(), webhookHost: PLATFORM, webhookSecret: SECRET })
  await carrier.start()
  cleanup(() => carrier.stop())
  return carrier
}

/** Every inbound message stored for a carrier message id, in any brand. */
function storedInbound(carrierMessageId: string) {
  return acrossAllTenants('test lookup', () => Message.query().where('carrier_message_id', carrierMessageId))
}

test.group('Messaging webhooks from HTTP carriers', (group) => {
  group.each.teardown(() => messaging.restore())

  test('an inbound MMS is stored for the owner of the number, with its media fetched into storage', async ({ assert, cleanup }) => {
    const carrier = await carrierFor(cleanup)
    const { tenant, member, number } = await texter()
    const answer = await carrier.inbound({ id: 'in-mms-1', from: '+14155550177', to: number.e164, text: 'Picture!', media: [{ contentType: 'image/png', data: PNG }] })
    assert.equal(answer.status, 200)
    const [message] = await messagesOf(tenant, member)
    assert.equal(answer.body.data.messageId, message.id)
    assert.deepInclude(message.$attributes, { direction: 'inbound', kind: 'mms', status: 'received', body: 'Picture!', fromNumber: '+14155550177', mediaCount: 1, carrier: 'mms:http' })
    const [media] = await runForTenant(tenant, () => MessageMedia.query().where('message_id', message.id))
    assert.equal(media.contentType, 'image/png')
    assert.equal(media.userId, member.id)
    assert.isTrue(media.storageKey.startsWith(`tenants/${tenant.id}/mms/`))
    assert.deepEqual(Buffer.from(await drive.use().getBytes(media.storageKey)), PNG)

    const again = await carrier.inbound({ id: 'in-mms-1', from: '+14155550177', to: number.e164, text: 'Picture!', media: [{ contentType: 'image/png', data: PNG }] })
    assert.equal(again.status, 200, 'a retried delivery is acknowledged')
    assert.lengthOf(await storedInbound('in-mms-1'), 1, 'and not stored twice')
  })

  test('an inbound SMS to a number nobody owns is refused with 404 and nothing is stored', async ({ assert, cleanup }) => {
    const carrier = await carrierFor(cleanup)
    const answer = await carrier.inbound({ id: 'in-unowned-1', from: '+14155550177', to: '+14155559999', text: 'Anyone?' })
    assert.equal(answer.status, 404)
    assert.equal(answer.body.error.code, 'NUMBER_NOT_SERVED')
    assert.include(answer.body.error.message, '+14155559999')
    assert.lengthOf(await storedInbound('in-unowned-1'), 0)
  })

  test('a bad, stale or missing signature is 401; an unknown carrier 404; a malformed event 422; nothing is stored', async ({ assert, cleanup }) => {
    const carrier = await carrierFor(cleanup)
    const { number } = await texter()
    const event = (id: string) =>
      JSON.stringify({ data: { event_type: 'message.received', payload: { id, from: { phone_number: '+14155550177' }, to: [{ phone_number: number.e164 }], text: 'hi' } } })
    const wrongSecret = await carrier.post('/webhooks/messages/http', event('in-bad-1'), signCarrierWebhook('not-the-secret', event('in-bad-1')))
    assert.equal(wrongSecret.status, 401)
    assert.equal(wrongSecret.body.error.code, 'BAD_SIGNATURE')
    const stale = await carrier.post('/webhooks/messages/http', event('in-bad-2'), signCarrierWebhook(SECRET, event('in-bad-2'), Math.floor(Date.now() / 1000) - 600))
    assert.equal(stale.status, 401)
    const otherBody = await carrier.post('/webhooks/messages/http', event('in-bad-3'), signCarrierWebhook(SECRET, event('in-bad-4')))
    assert.equal(otherBody.status, 401)
    const unsigned = await carrier.post('/webhooks/messages/http', event('in-bad-5'), null)
    assert.equal(unsigned.status, 401)
    const unknown = await carrier.post('/webhooks/messages/pigeon', event('in-bad-6'), signCarrierWebhook(SECRET, event('in-bad-6')))
    assert.equal(unknown.status, 404)
    const malformed = JSON.stringify({ data: { event_type: 'message.received', payload: { id: 'in-bad-7', text: 'no numbers' } } })
    const answer = await carrier.post('/webhooks/messages/http', malformed, signCarrierWebhook(SECRET, malformed))
    assert.equal(answer.status, 422)
    assert.equal(answer.body.error.code, 'INVALID_EVENT')
    for (const id of ['in-bad-1', 'in-bad-2', 'in-bad-3', 'in-bad-4', 'in-bad-5', 'in-bad-6', 'in-bad-7']) assert.lengthOf(await storedInbound(id), 0)
  })

  test('the webhook lives on the platform host only', async ({ assert, cleanup }) => {
    await carrierFor(cleanup)
    const body = JSON.stringify({ data: { event_type: 'message.sent', payload: { id: 'x', to: [{ status: 'sent' }] } } })
    const onBrand = await raw('POST', '/webhooks/messages/http', { 'host': ACME, 'content-type': 'application/json', 'x-brandline-signature': signCarrierWebhook(SECRET, body) }, body)
    assert.equal(onBrand.status, 404)
  })

  test("status webhooks: delivered and failed move sent messages, with the carrier's error code", async ({ assert, cleanup }) => {
    const carrier = await carrierFor(cleanup)
    const recording = messaging.fake(new RecordingCarrier()) as RecordingCarrier
    Object.defineProperty(recording, 'name', { value: 'mms:http' })
    const { tenant, member, snapshot } = await texter()
    for (const to of ['+14155550151', '+14155550152']) {
      await runForTenant(tenant, () => messageService.send(snapshot, member.id, { kind: 'mms', to, body: 'Status please' }))
    }
    await drainOutbox()
    const [first, second] = await messagesOf(tenant, member)
    assert.equal(first.carrier, 'mms:http')

    const delivered = await carrier.webhook({ event_type: 'message.finalized', payload: { id: first.carrierMessageId, to: [{ phone_number: first.toNumber, status: 'delivered' }] } })
    assert.equal(delivered.status, 200)
    const failed = await carrier.webhook({
      event_type: 'message.finalized',
      payload: { id: second.carrierMessageId, to: [{ phone_number: second.toNumber, status: 'delivery_failed' }], errors: [{ code: '40002', title: 'Blocked' }] },
    })
    assert.equal(failed.status, 200)
    const sentOnly = await carrier.webhook({ event_type: 'message.sent', payload: { id: first.carrierMessageId, to: [{ status: 'sent' }] } })
    assert.equal(sentOnly.status, 200)

    const [a, b] = await eventually(async () => {
      const rows = await messagesOf(tenant, member)
      return rows[0].status === 'delivered' && rows[1].status === 'failed' ? rows : null
    })
    assert.isNotNull(a.deliveredAt)
    assert.equal(b.errorCode, '40002')
  })
})
