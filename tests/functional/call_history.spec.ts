import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { parse } from 'csv-parse/sync'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import Call from '#models/call'
import CallRule from '#models/call_rule'
import { runForTenant } from '#tenants/context'
import { PLATFORM, addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { numberFor, ruleOn } from '#tests/call_helpers'

/** A finished call row as the call service leaves it. */
function callOf(tenant: Tenant, user: User, values: Partial<Call> = {}) {
  const startedAt = values.startedAt ?? DateTime.fromISO('2025-06-11T10:00:00Z')
  return runForTenant(tenant, () =>
    Call.create({
      uuid: randomUUID(),
      userId: user.id,
      direction: 'outbound',
      status: 'completed',
      fromNumber: '+14155550123',
      toNumber: '+12125550100',
      callerId: '+14155550123',
      route: 'pstn',
      switch: 'simulated',
      coveredSeconds: 300,
      billableSeconds: 120,
      durationSeconds: 125,
      priceMicros: 30_000,
      costMicros: 20_000,
      chargedMicros: 30_000,
      currency: 'USD',
      startedAt,
      endedAt: startedAt.plus({ seconds: 125 }),
      ...values,
    })
  )
}

/** A brand with calls of its member (three) and of another user (one). */
async function history() {
  const brand = await throwawayBrand()
  const neighbour = await addUser(brand.tenant, `n-${randomUUID().slice(0, 8)}@example.test`, 'user')
  const out = await callOf(brand.tenant, brand.member)
  const incoming = await callOf(brand.tenant, brand.member, { direction: 'inbound', route: 'device', fromNumber: '+12125550100', toNumber: '+14155550123', startedAt: DateTime.fromISO('2025-06-12T09:00:00Z') })
  const refused = await callOf(brand.tenant, brand.member, { status: 'rejected', route: 'reject', sipCode: 402, reason: 'Insufficient funds, "really"', billableSeconds: null, priceMicros: null, costMicros: null, chargedMicros: null, startedAt: DateTime.fromISO('2025-06-13T09:00:00Z') })
  const theirs = await callOf(brand.tenant, neighbour, { fromNumber: '=HYPERLINK("x")' })
  return { ...brand, neighbour, out, incoming, refused, theirs }
}

test.group('API v1: call history', () => {
  test('a user lists only their own calls, newest first, with filters', async ({ client, assert }) => {
    const { host, member, out, incoming, refused } = await history()
    const token = await tokenFor(member)
    const all = await client.get('/api/v1/calls').header('host', host).bearerToken(token)
    all.assertStatus(200)
    assert.deepEqual(all.body().data.map((call: any) => call.id), [refused.id, incoming.id, out.id])
    assert.equal(all.body().meta.total, 3)
    assert.notProperty(all.body().data[0], 'costMicros')
    const inbound = await client.get('/api/v1/calls?direction=inbound').header('host', host).bearerToken(token)
    assert.deepEqual(inbound.body().data.map((call: any) => call.id), [incoming.id])
    const rejected = await client.get('/api/v1/calls?status=rejected').header('host', host).bearerToken(token)
    assert.equal(rejected.body().data[0].reason, 'Insufficient funds, "really"')
    const day = await client.get('/api/v1/calls?from=2025-06-11&to=2025-06-11').header('host', host).bearerToken(token)
    assert.deepEqual(day.body().data.map((call: any) => call.id), [out.id])
    const paged = await client.get('/api/v1/calls?perPage=2&page=2').header('host', host).bearerToken(token)
    assert.deepEqual(paged.body().data.map((call: any) => call.id), [out.id])
  })

  test('bad filters are 422 naming the field', async ({ client, assert }) => {
    const { host, member } = await history()
    const token = await tokenFor(member)
    for (const [query, field] of [['status=lost', 'status'], ['from=2025-13-01', 'from'], ['direction=sideways', 'direction'], ['from=2025-06-12&to=2025-06-11', 'to'], ['perPage=500', 'perPage']]) {
      const response = await client.get(`/api/v1/calls?${query}`).header('host', host).bearerToken(token)
      assert.equal(response.status(), 422, query)
      assert.equal(response.body().error.fields[0].field, field)
    }
  })

  test('one call: own 200, another user or brand 404, another brand token 401', async ({ client, assert }) => {
    const { host, member, out, theirs } = await history()
    const other = await history()
    const token = await tokenFor(member)
    const own = await client.get(`/api/v1/calls/${out.id}`).header('host', host).bearerToken(token)
    own.assertStatus(200)
    assert.include(own.body().data, { id: out.id, status: 'completed', chargedMicros: 30_000, billableSeconds: 120 })
    ;(await client.get(`/api/v1/calls/${theirs.id}`).header('host', host).bearerToken(token)).assertStatus(404)
    ;(await client.get(`/api/v1/calls/${other.out.id}`).header('host', host).bearerToken(token)).assertStatus(404)
    ;(await client.get(`/api/v1/calls/${out.id}`).header('host', host).bearerToken(await tokenFor(other.member))).assertStatus(401)
  })
})

test.group('API v1: the brand CDR', () => {
  test('staff see every customer call with cost and margin; end users are refused', async ({ client, assert }) => {
    const { host, owner, member, neighbour, theirs } = await history()
    await history()
    const response = await client.get('/api/v1/admin/calls').header('host', host).bearerToken(await tokenFor(owner))
    response.assertStatus(200)
    assert.equal(response.body().meta.total, 4)
    const line = response.body().data.find((call: any) => call.id === theirs.id)
    assert.include(line, { userEmail: neighbour.email, costMicros: 20_000, marginMicros: 10_000 })
    const mine = await client.get(`/api/v1/admin/calls?userId=${member.id}`).header('host', host).bearerToken(await tokenFor(owner))
    assert.equal(mine.body().meta.total, 3)
    const byNumber = await client.get('/api/v1/admin/calls?number=%2B12125550100&direction=inbound').header('host', host).bearerToken(await tokenFor(owner))
    assert.equal(byNumber.body().meta.total, 1)
    ;(await client.get('/api/v1/admin/calls').header('host', host).bearerToken(await tokenFor(member))).assertStatus(403)
  })

  test('the CSV export holds the same lines, quoted and safe for spreadsheets', async ({ client, assert }) => {
    const { host, owner, refused, theirs } = await history()
    const response = await client.get('/api/v1/admin/calls/export?direction=outbound').header('host', host).bearerToken(await tokenFor(owner))
    response.assertStatus(200)
    assert.match(response.header('content-type')!, /^text\/csv/)
    assert.match(response.header('content-disposition')!, /attachment; filename="t[0-9a-f]+-calls-\d{4}-\d{2}-\d{2}\.csv"/)
    const rows: Record<string, string>[] = parse(response.text(), { columns: true })
    assert.lengthOf(rows, 3)
    const rejected = rows.find((row) => row.id === String(refused.id))!
    assert.equal(rejected.reason, 'Insufficient funds, "really"')
    assert.equal(rejected.sip_code, '402')
    assert.equal(rejected.price, '')
    const formula = rows.find((row) => row.id === String(theirs.id))!
    assert.equal(formula.from, `'=HYPERLINK("x")`)
    assert.equal(formula.to, '+12125550100')
    assert.equal(formula.price, '0.030000')
    assert.equal(formula.cost, '0.020000')
  })
})

test.group('Pages: call history, CDR and the rules editor', () => {
  test('the portal lists the user own calls; the admin lists the brand CDR and exports it', async ({ client, assert }) => {
    const { host, member, owner, out, theirs, refused } = await history()
    const page = await client.get('/portal/calls?direction=outbound').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    assert.include(page.text(), `data-call="${out.id}"`)
    assert.include(page.text(), `data-call="${refused.id}"`)
    assert.notInclude(page.text(), `data-call="${theirs.id}"`)
    assert.include(page.text(), 'Insufficient funds')

    const admin = await client.get('/admin/calls?status=completed').header('host', host).withGuard('web').loginAs(owner)
    admin.assertStatus(200)
    assert.include(admin.text(), `data-call="${theirs.id}"`)
    assert.notInclude(admin.text(), `data-call="${refused.id}"`)
    assert.include(admin.text(), 'href="/admin/calls/export.csv?status=completed"')
    const csv = await client.get('/admin/calls/export.csv?status=completed').header('host', host).withGuard('web').loginAs(owner)
    csv.assertStatus(200)
    assert.lengthOf(parse(csv.text(), { columns: true }), 3)
    ;(await client.get('/admin/calls').header('host', host).withGuard('web').loginAs(member)).assertStatus(403)
  })

  test('the rules editor adds a schedule, refuses a bad one, reorders and deletes', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const number = await numberFor(tenant, member, { isPrimary: true })
    const url = `/portal/numbers/${number.id}/rules`
    const post = (path: string, form: Record<string, unknown>) => client.post(path).header('host', host).withGuard('web').loginAs(member).withCsrfToken().form(form).redirects(0)

    const added = await post(url, { type: 'schedule', target: '', timezone: 'America/Chicago', hours_1: '09:00-12:00, 13:00-17:00', hours_5: '09:00-15:00', holidays: '2025-12-25\n2026-01-01' })
    added.assertStatus(302)
    assert.equal(added.flashMessages().success, 'Rule added.')
    const bad = await post(url, { type: 'schedule', timezone: 'America/Chicago', hours_2: '17:00-09:00' })
    assert.include(bad.flashMessages().error, 'close after it opens')
    await post(url, { type: 'forward_always', target: '+13105550100' })
    const rules = () => runForTenant(tenant, () => CallRule.query().where('phone_number_id', number.id).orderBy('priority').orderBy('id'))
    const [forward, schedule] = await rules()
    assert.deepEqual(schedule.schedule, { timezone: 'America/Chicago', hours: { '1': ['09:00-12:00', '13:00-17:00'], '5': ['09:00-15:00'] }, holidays: ['2025-12-25', '2026-01-01'] })
    assert.equal(forward.type, 'forward_always')
    assert.lengthOf(await rules(), 2)

    const page = await client.get(url).header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    assert.include(page.text(), `data-rule="${schedule.id}"`)
    assert.include(page.text(), 'value="09:00-12:00, 13:00-17:00"')

    await post(`${url}/${schedule.id}/move`, { direction: 'up' })
    assert.deepEqual((await rules()).map((rule) => [rule.id, rule.priority]), [[schedule.id, 10], [forward.id, 20]])
    const edited = await post(`${url}/${forward.id}?_method=PUT`, { type: 'forward_always', target: '+13105550199', enabled: ['false'] })
    assert.equal(edited.flashMessages().success, 'Rule saved.')
    assert.include((await rules())[1].$attributes, { target: '+13105550199', enabled: false })
    await post(`${url}/${forward.id}?_method=DELETE`, {})
    assert.deepEqual((await rules()).map((rule) => rule.id), [schedule.id])
  })

  test('none of it exists on the platform host', async ({ client }) => {
    for (const path of ['/api/v1/calls', '/api/v1/admin/calls/export', '/portal/calls', '/admin/calls', '/admin/calls/export.csv']) {
      ;(await client.get(path).header('host', PLATFORM)).assertStatus(404)
    }
  })

  test('another user number or rule is a 404 page', async ({ client }) => {
    const { tenant, host, member } = await throwawayBrand()
    const neighbour = await addUser(tenant, `n-${randomUUID().slice(0, 8)}@example.test`, 'user')
    const theirs = await numberFor(tenant, neighbour)
    const rule = await ruleOn(tenant, theirs, { type: 'dnd' })
    ;(await client.get(`/portal/numbers/${theirs.id}/rules`).header('host', host).withGuard('web').loginAs(member)).assertStatus(404)
    const update = await client.post(`/portal/numbers/${theirs.id}/rules/${rule.id}?_method=PUT`).header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ type: 'dnd' })
    update.assertStatus(404)
  })
})
