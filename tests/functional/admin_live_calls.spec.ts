import { test } from '@japa/runner'
import Call from '#models/call'
import Voicemail from '#models/voicemail'
import { runForTenant } from '#tenants/context'
import voice from '#telephony/voice/manager'
import { throwawayBrand, tokenFor } from '#tests/helpers'
import { fundedWallet } from '#tests/money_helpers'
import { RecordingSwitch, eventually } from '#tests/dialer_helpers'
import { numberFor, deviceFor } from '#tests/call_helpers'

/** A brand whose member has a number and $5, on a switch whose calls ring for a while. */
async function brandWithCustomer(config: Record<string, any> = {}) {
  const brand = await throwawayBrand(config)
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true })
  await fundedWallet(brand.tenant, brand.member, 5_000_000)
  return { ...brand, number, token: await tokenFor(brand.member) }
}

const inboundCalls = (tenant: any, userId: number) => runForTenant(tenant, () => Call.query().where('user_id', userId).where('direction', 'inbound'))

test.group('Admin: live calls and simulations', (group) => {
  let sw: RecordingSwitch
  group.each.setup(() => {
    sw = voice.fake(new RecordingSwitch()) as RecordingSwitch
    return async () => {
      sw.close()
      await voice.restore()
    }
  })

  test('staff see their brand live calls only, on the page and the API', async ({ client, assert }) => {
    sw.timeline.ringMs = 5000
    const mine = await brandWithCustomer()
    const theirs = await brandWithCustomer()
    const place = (brand: typeof mine, key: string) =>
      client.post('/api/v1/calls/initiate').header('host', brand.host).header('Idempotency-Key', key).bearerToken(brand.token).json({ destination: '+12125550147' })
    const own = (await place(mine, 'live-1')).body().data
    const foreign = (await place(theirs, 'live-2')).body().data

    const page = await client.get('/admin/calls/live').header('host', mine.host).withGuard('web').loginAs(mine.owner)
    page.assertStatus(200)
    assert.include(page.text(), `data-call-id="${own.id}"`)
    assert.notInclude(page.text(), `data-call-id="${foreign.id}"`)
    assert.include(page.text(), mine.member.email)
    assert.include(page.text(), 'data-simulations')

    const list = await client.get('/api/v1/admin/calls/live').header('host', mine.host).bearerToken(await tokenFor(mine.owner))
    list.assertStatus(200)
    assert.deepEqual(list.body().data.map((call: any) => call.id), [own.id])
    assert.equal(list.body().data[0].userEmail, mine.member.email)
    const customer = await client.get('/api/v1/admin/calls/live').header('host', mine.host).bearerToken(mine.token)
    customer.assertStatus(403)

    const hangup = await client.post(`/admin/calls/live/${foreign.id}/hangup`).header('host', mine.host).withGuard('web').loginAs(mine.owner).withCsrfToken().redirects(0)
    hangup.assertStatus(404)
    const ownHangup = await client.post(`/admin/calls/live/${own.id}/hangup`).header('host', mine.host).withGuard('web').loginAs(mine.owner).withCsrfToken().redirects(0)
    ownHangup.assertStatus(302)
    await sw.whenEnded(own.uuid)
    assert.equal((await runForTenant(mine.tenant, () => Call.findOrFail(own.id))).status, 'cancelled')
    assert.equal((await runForTenant(theirs.tenant, () => Call.findOrFail(foreign.id))).status, 'ringing')
  })

  test('a simulated inbound call rings the registered device, is answered and leaves an inbound CDR', async ({ client, assert }) => {
    const { tenant, host, owner, member, number } = await brandWithCustomer()
    await deviceFor(tenant, member, { online: true })
    const response = await client
      .post('/admin/calls/simulate-inbound')
      .header('host', host)
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ to: number.e164, from: '+1 212 555 0143', outcome: 'answer' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/calls/live')
    const [call] = await inboundCalls(tenant, member.id)
    assert.equal(call.fromNumber, '+12125550143')
    assert.equal(call.toNumber, number.e164)
    assert.equal(call.switch, 'simulated')
    await sw.whenEnded(call.uuid)
    const ended = await runForTenant(tenant, () => Call.findOrFail(call.id))
    assert.equal(ended.status, 'completed')
    assert.isNotNull(ended.answeredAt)
    assert.deepEqual(sw.events.filter((event) => event.callUuid === call.uuid).map((event) => event.type), ['ringing', 'answered', 'ended'])
  })

  test('an inbound call nobody answers goes to voicemail, stored with audio for the number holder', async ({ client, assert }) => {
    const { tenant, host, owner, member, number } = await brandWithCustomer()
    await client
      .post('/admin/calls/simulate-inbound')
      .header('host', host)
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ to: number.e164, from: '+12125550143', outcome: 'no_answer' })
      .redirects(0)
    const [call] = await inboundCalls(tenant, member.id)
    const voicemail = await eventually(() => runForTenant(tenant, () => Voicemail.findBy('call_uuid', call.uuid)))
    assert.equal(voicemail.userId, member.id)
    assert.equal(voicemail.phoneNumberId, number.id)
    assert.equal(voicemail.caller, '+12125550143')
    assert.equal(voicemail.audioType, 'audio/wav')
    assert.isAbove(voicemail.audioBytes, 44)
  })

  test('leaving a voicemail from the admin stores a playable message', async ({ client, assert }) => {
    const { tenant, host, owner, member, number, token } = await brandWithCustomer()
    const response = await client
      .post('/admin/calls/simulate-voicemail')
      .header('host', host)
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ to: number.e164, from: '+12125550199', durationSeconds: '4' })
      .redirects(0)
    response.assertStatus(302)
    const [voicemail] = await runForTenant(tenant, () => Voicemail.query().where('user_id', member.id))
    assert.equal(voicemail.durationSeconds, 4)
    const list = await client.get('/api/v1/voicemails').header('host', host).bearerToken(token)
    assert.equal(list.body().data[0].caller, '+12125550199')
  })

  test('simulations refuse another brand number and brands not on the simulated model, changing nothing', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await brandWithCustomer()
    const elsewhere = await brandWithCustomer()
    const foreign = await client
      .post('/admin/calls/simulate-inbound')
      .header('host', host)
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ to: elsewhere.number.e164, from: '+12125550143' })
      .redirects(0)
    foreign.assertStatus(302)
    assert.lengthOf(await inboundCalls(elsewhere.tenant, elsewhere.member.id), 0)
    assert.lengthOf(await inboundCalls(tenant, member.id), 0)

    await voice.restore()
    const saas = await brandWithCustomer({ telephony: { model: 'saas' } })
    const page = await client.get('/admin/calls/live').header('host', saas.host).withGuard('web').loginAs(saas.owner)
    page.assertStatus(200)
    assert.notInclude(page.text(), 'data-simulations')
    const refused = await client
      .post('/admin/calls/simulate-voicemail')
      .header('host', saas.host)
      .withGuard('web')
      .loginAs(saas.owner)
      .withCsrfToken()
      .form({ to: saas.number.e164, from: '+12125550143' })
      .redirects(0)
    refused.assertStatus(302)
    assert.lengthOf(await runForTenant(saas.tenant, () => Voicemail.query().where('user_id', saas.member.id)), 0)

    const customer = await client.get('/admin/calls/live').header('host', host).withGuard('web').loginAs(member)
    customer.assertStatus(403)
  })
})
