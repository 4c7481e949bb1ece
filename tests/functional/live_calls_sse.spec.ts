import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import redis from '@adonisjs/redis/services/main'
import type { TelephonyConfig } from '#config/telephony'
import liveCallEvents from '#services/calls/live_call_events'
import voice from '#telephony/voice/manager'
import { addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { fundedWallet } from '#tests/money_helpers'
import { RecordingSwitch, SseClient, eventually, sessionCookie } from '#tests/dialer_helpers'
import { numberFor } from '#tests/call_helpers'

/** A customer who can call: a number and $5. */
async function customer(tenant: any, email: string) {
  const user = await addUser(tenant, email, 'user')
  await numberFor(tenant, user, { isPrimary: true })
  await fundedWallet(tenant, user, 5_000_000)
  return { user, token: await tokenFor(user) }
}

/** Opens an SSE stream on the test server as a token holder and waits for its snapshot. */
async function stream(host: string, path: string, token: string) {
  const client = await new SseClient().open(path, { host, authorization: `Bearer ${token}`, accept: 'text/event-stream' })
  if (client.status === 200) await client.next((event) => event.event === 'snapshot')
  return client
}

test.group('Live call events (Server-Sent Events)', (group) => {
  let sw: RecordingSwitch
  const open: SseClient[] = []
  group.each.setup(() => {
    sw = voice.fake(new RecordingSwitch()) as RecordingSwitch
    return async () => {
      open.splice(0).forEach((client) => client.close())
      sw.close()
      await voice.restore()
    }
  })

  test('a user hears their own call ring, answer and end; another user, and another brand, hear nothing of it', async ({ client, assert }) => {
    const acme = await throwawayBrand()
    const other = await throwawayBrand()
    const alice = await customer(acme.tenant, `alice-${Date.now()}@example.test`)
    const bob = await customer(acme.tenant, `bob-${Date.now()}@example.test`)
    const carol = await customer(other.tenant, `carol-${Date.now()}@example.test`)

    const aliceStream = await stream(acme.host, '/api/v1/events/calls', alice.token)
    assert.equal(aliceStream.status, 200)
    assert.match(String(aliceStream.headers['content-type']), /^text\/event-stream/)
    const bobStream = await stream(acme.host, '/api/v1/events/calls', bob.token)
    const staffStream = await stream(acme.host, '/api/v1/admin/events/calls', await tokenFor(acme.owner))
    const carolStream = await stream(other.host, '/api/v1/events/calls', carol.token)
    const otherStaff = await stream(other.host, '/api/v1/admin/events/calls', await tokenFor(other.owner))
    open.push(aliceStream, bobStream, staffStream, carolStream, otherStaff)

    const placed = await client.post('/api/v1/calls/initiate').header('host', acme.host).header('Idempotency-Key', 'sse-1').bearerToken(alice.token).json({ destination: '+12125550147' })
    placed.assertStatus(201)
    const { uuid } = placed.body().data
    await aliceStream.next((event) => event.event === 'call' && event.data.status === 'completed')
    assert.deepEqual(aliceStream.calls(uuid).map((call) => call.status), ['ringing', 'ringing', 'answered', 'completed'])
    const ended = aliceStream.calls(uuid).at(-1)
    assert.isAbove(ended.chargedMicros, 0, 'the last event carries the charge')
    assert.equal(ended.userId, alice.user.id)
    const staffSaw = await staffStream.next((event) => event.event === 'call' && event.data.uuid === uuid && event.data.status === 'completed')
    assert.equal(staffSaw.data.userEmail, alice.user.email, 'staff see whose call it is')
    assert.notProperty(ended, 'userEmail')

    for (const outsider of [bobStream, carolStream, otherStaff]) {
      assert.deepEqual(outsider.events.map((event) => event.event), ['snapshot'])
    }
    assert.deepEqual(carolStream.events[0].data.calls, [])
  })

  test('the snapshot lists the caller own calls in progress only', async ({ client, assert }) => {
    const brand = await throwawayBrand()
    const dana = await customer(brand.tenant, `dana-${Date.now()}@example.test`)
    const erin = await customer(brand.tenant, `erin-${Date.now()}@example.test`)
    sw.timeline.ringMs = 5000
    const placed = await client.post('/api/v1/calls/initiate').header('host', brand.host).header('Idempotency-Key', 'sse-2').bearerToken(dana.token).json({ destination: '+12125550147' })
    const id = placed.body().data.id
    const danaStream = await stream(brand.host, '/api/v1/events/calls', dana.token)
    const erinStream = await stream(brand.host, '/api/v1/events/calls', erin.token)
    const staff = await stream(brand.host, '/api/v1/admin/events/calls', await tokenFor(brand.owner))
    open.push(danaStream, erinStream, staff)
    assert.deepEqual(danaStream.events[0].data.calls.map((call: any) => call.id), [id])
    assert.deepEqual(erinStream.events[0].data.calls, [])
    assert.deepEqual(staff.events[0].data.calls.map((call: any) => call.id), [id])
  })

  test('changes made in another process arrive through Redis, and only to their audience', async ({ assert }) => {
    const brand = await throwawayBrand()
    const frank = await customer(brand.tenant, `frank-${Date.now()}@example.test`)
    const gina = await customer(brand.tenant, `gina-${Date.now()}@example.test`)
    const frankStream = await stream(brand.host, '/api/v1/events/calls', frank.token)
    const ginaStream = await stream(brand.host, '/api/v1/events/calls', gina.token)
    open.push(frankStream, ginaStream)
    const { channel } = app.config.get<TelephonyConfig>('telephony').liveEvents
    const call = { id: 999_001, uuid: 'from-the-worker', status: 'answered', direction: 'outbound', to: '+12125550147' }
    await redis.publish(channel, JSON.stringify({ tenantId: brand.tenant.id, userId: frank.user.id, call, origin: 'worker-process' }))
    const heard = await frankStream.next((event) => event.event === 'call')
    assert.equal(heard.data.uuid, 'from-the-worker')
    await redis.publish(channel, JSON.stringify({ tenantId: brand.tenant.id + 100_000, userId: gina.user.id, call, origin: 'worker-process' }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.deepEqual(ginaStream.events.map((event) => event.event), ['snapshot'], "another brand's change with a matching user id is not delivered")
  })

  test('streams need the brand own credentials: no token 401, another brand token 401, an end user on the staff stream 403', async ({ assert }) => {
    const brand = await throwawayBrand()
    const other = await throwawayBrand()
    const none = await new SseClient().open('/api/v1/events/calls', { host: brand.host })
    const foreign = await new SseClient().open('/api/v1/events/calls', { host: brand.host, authorization: `Bearer ${await tokenFor(other.member)}` })
    const notStaff = await new SseClient().open('/api/v1/admin/events/calls', { host: brand.host, authorization: `Bearer ${await tokenFor(brand.member)}` })
    open.push(none, foreign, notStaff)
    assert.equal(none.status, 401)
    assert.equal(foreign.status, 401)
    assert.equal(notStaff.status, 403)
  })

  test('the portal stream follows the signed-in user with their session, and closing it frees the listener', async ({ client, assert }) => {
    const brand = await throwawayBrand()
    const hank = await customer(brand.tenant, `hank-${Date.now()}@example.test`)
    const cookies = await sessionCookie(brand.host, hank.user.email)
    const before = liveCallEvents.listenerCount
    const portal = await new SseClient().open('/portal/dialer/events', { host: brand.host, cookie: cookies })
    assert.equal(portal.status, 200)
    await portal.next((event) => event.event === 'snapshot')
    assert.equal(liveCallEvents.listenerCount, before + 1)
    const placed = await client.post('/api/v1/calls/initiate').header('host', brand.host).header('Idempotency-Key', 'sse-5').bearerToken(hank.token).json({ destination: '+12125550147' })
    await portal.next((event) => event.event === 'call' && event.data.uuid === placed.body().data.uuid && event.data.status === 'completed')
    portal.close()
    await eventually(async () => liveCallEvents.listenerCount === before)
  })
})
