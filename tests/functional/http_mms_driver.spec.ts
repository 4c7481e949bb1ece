import { test } from '@japa/runner'
import type { TestContext } from '@japa/runner/core'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import messaging from '#telephony/messaging/manager'
import { HttpMmsDriver } from '#telephony/drivers/http_mms_driver'
import { MessagingSubmitError } from '#telephony/types'
import { PLATFORM } from '#tests/helpers'
import { raw } from '#tests/dialer_helpers'
import { reload } from '#tests/money_helpers'
import { drainOutbox, eventually, messagesOf, texter } from '#tests/messaging_helpers'
import { MmsCarrierStandIn } from '#tests/stand_ins/mms_carrier'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
const SECRET = 'test-mms-webhook-secret'
const appUrl = () => `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}`

/** Sets config values for one test; the returned function puts the old ones back. */
function withConfig(values: Record<string, unknown>) {
  const before = Object.keys(values).map((key) => [key, app.config.get(key)] as const)
  for (const [key, value] of Object.entries(values)) app.config.set(key, value)
  return () => before.forEach(([key, value]) => app.config.set(key, value))
}

/**
 * A saas brand whose MMS go through the platform's HTTP carrier (the stand-in), with signed
 * media URLs pointing at this test server, and a funded member with an MMS-capable number.
 */
async function mmsBrand(cleanup: TestContext['cleanup']) {
  const carrier = new MmsCarrierStandIn({ url: appUrl(), webhookHost: PLATFORM, webhookSecret: SECRET })
  const baseUrl = await carrier.start()
  cleanup(() => carrier.stop())
  cleanup(
    withConfig({
      'messaging.mms.baseUrl': baseUrl,
      'messaging.mms.apiKey': carrier.apiKey,
      'messaging.mms.webhookSecret': SECRET,
      'messaging.mms.timeoutMs': 2000,
      'messaging.media.publicScheme': 'http',
      'messaging.media.publicPort': Number(process.env.PORT),
    })
  )
  const brand = await texter({ config: { telephony: { model: 'saas' } } })
  return { ...brand, carrier }
}

async function sendMms(client: any, brand: Awaited<ReturnType<typeof mmsBrand>>, body = 'Look') {
  const media = await client.post('/api/v1/mms/media').header('host', brand.host).bearerToken(brand.token).file('file', PNG, { filename: 'dot.png', contentType: 'image/png' })
  media.assertStatus(201)
  const sent = await client
    .post('/api/v1/mms/send')
    .header('host', brand.host)
    .bearerToken(brand.token)
    .json({ to: '+14155550142', body, media_ids: [media.body().data.id] })
  sent.assertStatus(201)
  return sent.body().data
}

/** Makes a queued message due now (its retry backoff has passed). */
function dueNow(id: number) {
  return db.from('messages').where('id', id).update({ due_at: db.raw('CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND') })
}

test.group('HTTP MMS driver against the carrier stand-in', (group) => {
  group.each.teardown(() => messaging.restore())

  test('an MMS goes out through the carrier API, the carrier fetches the signed media URL, and its status webhook delivers it', async ({ client, assert, cleanup }) => {
    const brand = await mmsBrand(cleanup)
    const queued = await sendMms(client, brand)
    await drainOutbox()

    assert.lengthOf(brand.carrier.submitted, 1)
    const [request] = brand.carrier.submitted
    assert.equal(request.authorization, `Bearer ${brand.carrier.apiKey}`)
    assert.deepInclude(request.body, { from: brand.number.e164, to: '+14155550142', text: 'Look' })
    assert.lengthOf(request.body.media_urls, 1)
    assert.match(request.body.media_urls[0], new RegExp(`^http://${brand.host.replace('.', '\\.')}:${process.env.PORT}/media/\\d+\\?signature=`))
    assert.equal(request.fetched[0].status, 200)
    assert.equal(request.fetched[0].contentType, 'image/png')
    assert.deepEqual(request.fetched[0].data, PNG)

    let [message] = await messagesOf(brand.tenant)
    assert.equal(message.id, queued.id)
    assert.equal(message.status, 'sent')
    assert.equal(message.carrier, 'mms:http')
    assert.equal(message.carrierMessageId, request.id)
    assert.equal((await reload(brand.tenant, brand.wallet.id)).heldMicros, 0)

    const answer = await brand.carrier.status(request.id!, 'delivered')
    assert.equal(answer.status, 200)
    ;[message] = await eventually(async () => {
      const rows = await messagesOf(brand.tenant)
      return rows[0].status === 'delivered' ? rows : null
    })
    assert.isNotNull(message.deliveredAt)
  })

  test('a tampered or expired signed URL is 404; a carrier that cannot fetch the media refuses the message for good', async ({ client, assert, cleanup }) => {
    const brand = await mmsBrand(cleanup)
    const queued = await sendMms(client, brand)
    const signed = new URL(queued.media[0].signedUrl)
    const good = await raw('GET', `${signed.pathname}${signed.search}`, { host: brand.host })
    assert.equal(good.status, 200)
    assert.deepEqual(good.bytes, PNG)
    const tampered = signed.searchParams.get('signature')!.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))
    assert.equal((await raw('GET', `${signed.pathname}?signature=${tampered}`, { host: brand.host })).status, 404)
    assert.equal((await raw('GET', `/media/${Number(queued.media[0].id) + 1}${signed.search}`, { host: brand.host })).status, 404)
    assert.equal((await raw('GET', signed.pathname, { host: brand.host })).status, 404)

    cleanup(withConfig({ 'messaging.media.urlTtlSeconds': -60 }))
    await drainOutbox()
    const [request] = brand.carrier.submitted
    assert.match(request.body.media_urls[0], /\/media\/\d+\?signature=/, 'a well-formed signed URL, past its expiry')
    assert.equal(request.fetched[0].status, 404, 'the expired URL is not served')
    const [message] = await messagesOf(brand.tenant)
    assert.equal(message.status, 'failed')
    assert.equal(message.errorCode, '40008')
    assert.equal((await reload(brand.tenant, brand.wallet.id)).heldMicros, 0)
  })

  test('429 from the carrier puts the message back for later, and it goes out on the retry', async ({ client, assert, cleanup }) => {
    const brand = await mmsBrand(cleanup)
    const queued = await sendMms(client, brand)
    brand.carrier.failNext(429)
    await drainOutbox()
    let [message] = await messagesOf(brand.tenant)
    assert.equal(message.status, 'queued')
    assert.equal(message.errorCode, '10011')
    assert.isTrue(message.dueAt!.toMillis() > Date.now(), 'retried later, not at once')
    assert.lengthOf(brand.carrier.submitted, 1)

    await dueNow(queued.id)
    await drainOutbox()
    ;[message] = await messagesOf(brand.tenant)
    assert.equal(message.status, 'sent')
    assert.lengthOf(brand.carrier.submitted, 2)
    assert.equal(message.carrierMessageId, brand.carrier.submitted[1].id)
  })

  test('5xx is retried; a 4xx refusal fails the message with the carrier code and releases the hold', async ({ client, assert, cleanup }) => {
    const brand = await mmsBrand(cleanup)
    const queued = await sendMms(client, brand)
    brand.carrier.failNext(503)
    await drainOutbox()
    let [message] = await messagesOf(brand.tenant)
    assert.equal(message.status, 'queued')

    brand.carrier.failNext(400, 1, '40310')
    await dueNow(queued.id)
    await drainOutbox()
    ;[message] = await messagesOf(brand.tenant)
    assert.equal(message.status, 'failed')
    assert.equal(message.errorCode, '40310')
    const wallet = await reload(brand.tenant, brand.wallet.id)
    assert.equal(wallet.heldMicros, 0)
    assert.equal(wallet.balanceMicros, brand.wallet.balanceMicros)
  })

  test('an unreachable carrier or a wrong key: transient and permanent errors from the driver itself', async ({ assert, cleanup }) => {
    const carrier = new MmsCarrierStandIn({ url: appUrl(), webhookHost: PLATFORM, webhookSecret: SECRET })
    const baseUrl = await carrier.start()
    cleanup(() => carrier.stop())
    const message = { ref: 'r1', tenantId: 1, kind: 'mms' as const, from: '+14155550100', to: '+14155550142', body: 'x' }
    const events = { receipt: async () => {}, inbound: async () => ({ accepted: false as const, reason: 'test' }) }

    const wrongKey = new HttpMmsDriver({ name: 'mms:http', baseUrl, apiKey: 'nope', timeoutMs: 2000 }, events)
    const refused = await wrongKey.submit(message).catch((error) => error)
    assert.instanceOf(refused, MessagingSubmitError)
    assert.equal(refused.kind, 'permanent')
    assert.equal(refused.code, '10009')

    const gone = new HttpMmsDriver({ name: 'mms:http', baseUrl: 'http://127.0.0.1:1', apiKey: carrier.apiKey, timeoutMs: 2000 }, events)
    const unreachable = await gone.submit(message).catch((error) => error)
    assert.instanceOf(unreachable, MessagingSubmitError)
    assert.equal(unreachable.kind, 'transient')

    const driver = new HttpMmsDriver({ name: 'mms:http', baseUrl, apiKey: carrier.apiKey, timeoutMs: 2000 }, events)
    const accepted = await driver.submit(message)
    assert.equal(accepted.carrierMessageId, carrier.submitted.at(-1)!.id)
    assert.equal(accepted.parts, 1)
    await driver.close()
  })
})
