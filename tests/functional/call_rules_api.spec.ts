import { test } from '@japa/runner'
import CallRule from '#models/call_rule'
import { runForTenant } from '#tenants/context'
import { throwawayBrand, tokenFor, addUser } from '#tests/helpers'
import { numberFor, ruleOn } from '#tests/call_helpers'

const FORWARD = '+13105550100'
const schedule = { timezone: 'Europe/Berlin', hours: { '1': ['09:00-12:00', '13:00-17:00'], '5': ['09:00-15:00'] }, holidays: ['2025-12-25'] }

/** A brand whose member holds a number, with the member's API token. */
async function owner(config: Record<string, any> = {}) {
  const brand = await throwawayBrand(config)
  const number = await numberFor(brand.tenant, brand.member, { isPrimary: true })
  return { ...brand, number, token: await tokenFor(brand.member), url: `/api/v1/numbers/${number.id}/rules` }
}

test.group('API v1: call rules', () => {
  test('create, list in priority order, update and delete', async ({ client, assert }) => {
    const { host, token, url, number, tenant } = await owner()
    const forward = await client.post(url).header('host', host).bearerToken(token).json({ type: 'forward_no_answer', target: '+1 (310) 555-0100', timeoutSeconds: 20 })
    forward.assertStatus(201)
    assert.include(forward.body().data, { type: 'forward_no_answer', target: FORWARD, timeoutSeconds: 20, priority: 60, enabled: true, numberId: number.id })
    const hours = await client.post(url).header('host', host).bearerToken(token).json({ type: 'schedule', schedule })
    hours.assertStatus(201)
    assert.deepEqual(hours.body().data.schedule, schedule)
    assert.isNull(hours.body().data.target)
    const dnd = await client.post(url).header('host', host).bearerToken(token).json({ type: 'dnd', target: FORWARD, timeoutSeconds: 30, enabled: false })
    assert.include(dnd.body().data, { type: 'dnd', target: null, timeoutSeconds: null, priority: 20, enabled: false })

    const list = await client.get(url).header('host', host).bearerToken(token)
    list.assertStatus(200)
    assert.deepEqual(list.body().data.map((rule: any) => rule.type), ['dnd', 'schedule', 'forward_no_answer'])

    const ruleUrl = `${url}/${forward.body().data.id}`
    const moved = await client.put(ruleUrl).header('host', host).bearerToken(token).json({ priority: 1, timeoutSeconds: 45 })
    moved.assertStatus(200)
    assert.include(moved.body().data, { priority: 1, timeoutSeconds: 45, target: FORWARD, type: 'forward_no_answer' })
    const retyped = await client.put(ruleUrl).header('host', host).bearerToken(token).json({ type: 'forward_always' })
    assert.include(retyped.body().data, { type: 'forward_always', target: FORWARD, timeoutSeconds: null })

    const removed = await client.delete(ruleUrl).header('host', host).bearerToken(token)
    removed.assertStatus(204)
    const left = await runForTenant(tenant, () => CallRule.query().where('phone_number_id', number.id))
    assert.lengthOf(left, 2)
  })

  test('an unknown type or an impossible schedule is 422 naming the field, and nothing is saved', async ({ client, assert }) => {
    const { host, token, url, tenant, number } = await owner()
    const refused = async (body: Record<string, unknown>, field: string) => {
      const response = await client.post(url).header('host', host).bearerToken(token).json(body)
      assert.equal(response.status(), 422, JSON.stringify(body))
      assert.include(response.body().error.fields.map((f: any) => f.field), field, JSON.stringify(response.body()))
    }
    await refused({ type: 'forward_sometimes', target: FORWARD }, 'type')
    await refused({ type: 'schedule', schedule: { ...schedule, timezone: 'Mars/Olympus_Mons' } }, 'schedule.timezone')
    await refused({ type: 'schedule', schedule: { ...schedule, hours: { '1': ['17:00-09:00'] } } }, 'schedule.hours.1.0')
    await refused({ type: 'schedule', schedule: { ...schedule, hours: { '1': ['09:00-09:00'] } } }, 'schedule.hours.1.0')
    await refused({ type: 'schedule', schedule: { ...schedule, hours: { '2': ['9am-5pm'] } } }, 'schedule.hours.2.0')
    await refused({ type: 'schedule', schedule: { ...schedule, hours: { '3': ['09:00-25:00'] } } }, 'schedule.hours.3.0')
    await refused({ type: 'schedule', schedule: { ...schedule, hours: { '8': ['09:00-17:00'] } } }, 'schedule.hours')
    await refused({ type: 'schedule', schedule: { ...schedule, holidays: ['2025-02-30'] } }, 'schedule.holidays.0')
    await refused({ type: 'schedule' }, 'schedule')
    await refused({ type: 'forward_always', target: '12345' }, 'target')
    await refused({ type: 'forward_always' }, 'target')
    await refused({ type: 'forward_always', target: number.e164 }, 'target')
    await refused({ type: 'forward_always', target: '+442071838750' }, 'target')
    await refused({ type: 'forward_always', target: '+19005550123' }, 'target')
    await refused({ type: 'forward_no_answer', target: FORWARD, timeoutSeconds: 4 }, 'timeoutSeconds')
    await refused({ type: 'forward_no_answer', target: FORWARD, timeoutSeconds: 121 }, 'timeoutSeconds')
    assert.lengthOf(await runForTenant(tenant, () => CallRule.query().where('phone_number_id', number.id)), 0)

    const rule = await ruleOn(tenant, number, { type: 'dnd' })
    const bad = await client.put(`${url}/${rule.id}`).header('host', host).bearerToken(token).json({ type: 'forward_busy' })
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'target')
    assert.equal((await runForTenant(tenant, () => CallRule.findOrFail(rule.id))).type, 'dnd')
  })

  test('forwarding needs call_forwarding; every rule needs voice', async ({ client, assert }) => {
    const noForwarding = await owner({ features: { call_forwarding: false } })
    const forward = await client.post(noForwarding.url).header('host', noForwarding.host).bearerToken(noForwarding.token).json({ type: 'forward_always', target: FORWARD })
    forward.assertStatus(403)
    assert.equal(forward.body().error.code, 'FEATURE_DISABLED')
    const dnd = await client.post(noForwarding.url).header('host', noForwarding.host).bearerToken(noForwarding.token).json({ type: 'dnd' })
    dnd.assertStatus(201)
    const noVoice = await owner({ features: { voice: false } })
    const list = await client.get(noVoice.url).header('host', noVoice.host).bearerToken(noVoice.token)
    list.assertStatus(403)
    assert.equal(list.body().error.code, 'FEATURE_DISABLED')
  })

  test('another user or brand: their number or rule is 404, their token 401; a rule of another number is 404', async ({ client, assert }) => {
    const mine = await owner()
    const theirs = await owner()
    const theirRule = await ruleOn(theirs.tenant, theirs.number, { type: 'dnd' })
    const foreign = [
      client.get(theirs.url).header('host', mine.host).bearerToken(mine.token),
      client.post(theirs.url).header('host', mine.host).bearerToken(mine.token).json({}),
      client.put(`${theirs.url}/${theirRule.id}`).header('host', mine.host).bearerToken(mine.token).json({}),
      client.delete(`${theirs.url}/${theirRule.id}`).header('host', mine.host).bearerToken(mine.token),
      client.put(`${mine.url}/${theirRule.id}`).header('host', mine.host).bearerToken(mine.token).json({ type: 'dnd' }),
      client.delete(`${mine.url}/${theirRule.id}`).header('host', mine.host).bearerToken(mine.token),
    ]
    for (const response of await Promise.all(foreign)) assert.equal(response.status(), 404)
    const crossToken = await client.get(mine.url).header('host', mine.host).bearerToken(theirs.token)
    crossToken.assertStatus(401)

    const neighbour = await addUser(mine.tenant, `neighbour-${Date.now()}@example.test`, 'user')
    const neighbourNumber = await numberFor(mine.tenant, neighbour)
    const sameBrand = await client.post(`/api/v1/numbers/${neighbourNumber.id}/rules`).header('host', mine.host).bearerToken(mine.token).json({ type: 'dnd' })
    sameBrand.assertStatus(404)

    const otherOwnNumber = await numberFor(mine.tenant, mine.member)
    const ownRule = await ruleOn(mine.tenant, mine.number, { type: 'dnd' })
    const wrongParent = await client.delete(`/api/v1/numbers/${otherOwnNumber.id}/rules/${ownRule.id}`).header('host', mine.host).bearerToken(mine.token)
    wrongParent.assertStatus(404)
    assert.isNotNull(await runForTenant(theirs.tenant, () => CallRule.find(theirRule.id)))
  })
})
