import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import MessageCallback from '#models/message_callback'
import type Tenant from '#models/tenant'
import messageService from '#services/messaging/message_service'
import { callbackRecorder } from '#services/messaging/callbacks'
import { callbackDispatcher } from '#services/messaging/callback_dispatcher'
import messaging from '#telephony/messaging/manager'
import { runForTenant } from '#tenants/context'
import { drainOutbox, eventually, texter } from '#tests/messaging_helpers'

const CALLBACK = '/api/v1/messages/callback'

/** A receiver on this machine that answers `status` and keeps what it was sent. */
async function receiver(status = 200) {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      response.writeHead(receiverState.status).end()
    })
  })
  const receiverState = { status, received, server, url: '' }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiverState.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sms`
  return receiverState
}

/** What a receiver does: recompute the HMAC over timestamp + "." + raw body and compare in constant time. */
function verified(secret: string, headers: IncomingHttpHeaders, body: string) {
  const expected = createHmac('sha256', secret).update(`${headers['x-brandline-timestamp']}.${body}`).digest('hex')
  const given = String(headers['x-brandline-signature'] ?? '').replace(/^v1=/, '')
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}

const api = (client: any, method: string, url: string, host: string, token: string) => client.request(url, method).header('host', host).bearerToken(token)

/** A request that must succeed. */
async function put(request: Promise<any>) {
  const response = await request
  response.assertStatus(200)
  return response
}

/** Records pending changes and posts everything due. */
async function deliverCallbacks() {
  await callbackRecorder.flush()
  return callbackDispatcher.drain()
}

function callbacksOf(tenant: Tenant) {
  return runForTenant(tenant, () => MessageCallback.query().orderBy('id', 'asc'))
}

test.group('Message status callbacks', (group) => {
  group.each.teardown(() => messaging.restore())

  test('the secret is shown once, then masked; each status change reaches the URL signed over timestamp and body', async ({ client, assert, cleanup }) => {
    const hook = await receiver()
    cleanup(() => new Promise<void>((resolve) => hook.server.close(() => resolve())))
    const { host, token, tenant, member, snapshot } = await texter()
    const set = await api(client, 'PUT', CALLBACK, host, token).json({ url: hook.url })
    set.assertStatus(200)
    const secret: string = set.body().data.secret
    assert.match(secret, /^bls_[0-9a-f]{48}$/)
    assert.isTrue(set.body().data.secretShown)

    const shown = await api(client, 'GET', CALLBACK, host, token)
    assert.equal(shown.body().data.url, hook.url)
    assert.notInclude(JSON.stringify(shown.body()), secret)
    assert.equal(shown.body().data.secret, `••••••••${secret.slice(-4)}`)
    const again = await api(client, 'PUT', CALLBACK, host, token).json({ url: hook.url })
    assert.notInclude(JSON.stringify(again.body()), secret)
    assert.isFalse(again.body().data.secretShown)

    const message = await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550171', body: 'Ping' }))
    await drainOutbox()
    const posts = await eventually(async () => {
      await deliverCallbacks()
      const statuses = hook.received.map((post) => JSON.parse(post.body).data.status)
      return statuses.includes('delivered') ? hook.received : null
    })
    assert.deepEqual(posts.map((post) => JSON.parse(post.body).data.status), ['queued', 'sent', 'delivered'])
    for (const post of posts) {
      assert.isTrue(verified(secret, post.headers, post.body), 'signature verifies with the secret shown once')
      assert.approximately(Number(post.headers['x-brandline-timestamp']), Date.now() / 1000, 30)
      const payload = JSON.parse(post.body)
      assert.equal(payload.event, 'message.status')
      assert.equal(payload.data.id, message.id)
      assert.equal(payload.data.to, '+14155550171')
    }
    assert.isFalse(verified('bls_wrong', posts[0].headers, posts[0].body))

    const log = await api(client, 'GET', '/api/v1/messages/callbacks', host, token)
    assert.deepEqual(log.body().data.map((row: any) => [row.messageId, row.event, row.status, row.attempts, row.responseStatus]), [
      [message.id, 'delivered', 'delivered', 1, 200],
      [message.id, 'sent', 'delivered', 1, 200],
      [message.id, 'queued', 'delivered', 1, 200],
    ])

    const rotated = await api(client, 'PUT', CALLBACK, host, token).json({ url: hook.url, rotate_secret: true })
    assert.notEqual(rotated.body().data.secret, secret)
    assert.match(rotated.body().data.secret, /^bls_/)
  })

  test('a receiver answering 500 is retried with backoff, then the delivery is marked failed; the log says why', async ({ client, assert, cleanup }) => {
    const hook = await receiver(500)
    cleanup(() => new Promise<void>((resolve) => hook.server.close(() => resolve())))
    const before = app.config.get('messaging.callbacks.maxAttempts')
    app.config.set('messaging.callbacks.maxAttempts', 3)
    cleanup(() => app.config.set('messaging.callbacks.maxAttempts', before))
    const { host, token, tenant, member, snapshot } = await texter()
    await put(api(client, 'PUT', CALLBACK, host, token).json({ url: hook.url }))
    await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550172', body: 'Ping' }))

    await deliverCallbacks()
    let [row] = await callbacksOf(tenant)
    assert.equal(row.status, 'pending')
    assert.equal(row.attempts, 1)
    assert.equal(row.responseStatus, 500)
    assert.isAbove(row.nextAttemptAt!.toMillis(), Date.now() + 1000, 'the retry waits')
    await deliverCallbacks()
    assert.lengthOf(hook.received, 1, 'nothing is posted before the retry is due')

    for (const attempt of [2, 3]) {
      await runForTenant(tenant, () => row.merge({ nextAttemptAt: row.createdAt.minus({ minutes: 1 }) }).save())
      await deliverCallbacks()
      ;[row] = await callbacksOf(tenant)
      assert.equal(row.attempts, attempt)
    }
    assert.equal(row.status, 'failed')
    assert.isNull(row.nextAttemptAt)
    assert.lengthOf(hook.received, 3)
    const log = await api(client, 'GET', '/api/v1/messages/callbacks?status=failed', host, token)
    assert.deepEqual(log.body().data.map((entry: any) => [entry.status, entry.attempts, entry.responseStatus, entry.lastError]), [
      ['failed', 3, 500, 'The receiver answered HTTP 500'],
    ])
  })

  test('the URL must be https (http only for localhost outside production); null switches callbacks off', async ({ client, assert }) => {
    const { host, token, tenant, member, snapshot } = await texter()
    for (const url of ['http://example.com/hook', 'ftp://example.com/hook', 'not a url', 'https://user:pass@example.com/']) {
      const refused = await api(client, 'PUT', CALLBACK, host, token).json({ url })
      refused.assertStatus(422)
      assert.equal(refused.body().error.fields[0].field, 'url', url)
    }
    await put(api(client, 'PUT', CALLBACK, host, token).json({ url: 'https://example.com/hook' }))
    const off = await api(client, 'PUT', CALLBACK, host, token).json({ url: null })
    off.assertStatus(200)
    assert.isNull(off.body().data.url)
    await runForTenant(tenant, () => messageService.send(snapshot, member.id, { to: '+14155550173', body: 'Quiet' }))
    await callbackRecorder.flush()
    assert.lengthOf(await callbacksOf(tenant), 0)
  })

  test('another brand\'s messages never reach this user\'s URL, and its log is its own', async ({ client, assert, cleanup }) => {
    const mine = await receiver()
    const theirs = await receiver()
    cleanup(() => new Promise<void>((resolve) => mine.server.close(() => resolve())))
    cleanup(() => new Promise<void>((resolve) => theirs.server.close(() => resolve())))
    const first = await texter()
    const second = await texter()
    await put(api(client, 'PUT', CALLBACK, first.host, first.token).json({ url: mine.url }))
    await put(api(client, 'PUT', CALLBACK, second.host, second.token).json({ url: theirs.url }))
    const sent = await runForTenant(second.tenant, () => messageService.send(second.snapshot, second.member.id, { to: '+14155550174', body: 'Theirs' }))
    await deliverCallbacks()
    assert.lengthOf(mine.received, 0)
    assert.deepEqual(theirs.received.map((post) => JSON.parse(post.body).data.id), [sent.id])
    assert.lengthOf(await callbacksOf(first.tenant), 0)
    const log = await api(client, 'GET', '/api/v1/messages/callbacks', first.host, first.token)
    assert.deepEqual(log.body().data, [])
    const ownerLog = await api(client, 'GET', '/api/v1/messages/callbacks', second.host, second.token)
    assert.equal(ownerLog.body().meta.total, 1)
  })
})
