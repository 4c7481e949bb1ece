import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import NumberReservation from '#models/number_reservation'
import { sweepExpiredReservations } from '#services/numbers/number_sweeper'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { freeNumbers } from '#tests/functional/numbers_helpers'

const reserve = (client: any, host: string, token: string, e164: unknown) =>
  client.post('/api/v1/numbers/reservations').header('host', host).bearerToken(token).json({ e164 })

const reservationOf = (e164: string) => acrossAllTenants('test lookup', () => NumberReservation.findBy('e164', e164))

test.group('Numbers API: reservations', () => {
  test('a reservation holds the number for 15 minutes at the brand\'s price', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand()
    const [offer] = await freeNumbers({ country: 'US', areaCode: '206' })
    const response = await reserve(client, host, await tokenFor(member), offer.e164)
    response.assertStatus(201)
    const body = response.body().data
    assert.include(body, { e164: offer.e164, country: 'US', type: 'local' })
    assert.equal(body.price.monthly.micros, 2_000_000)
    const minutes = DateTime.fromISO(body.expiresAt).diffNow('minutes').minutes
    assert.isAbove(minutes, 14)
    assert.isAtMost(minutes, 15)
    const stored = await reservationOf(offer.e164)
    assert.equal(stored!.userId, member.id)
    assert.equal(stored!.offer.locality, 'Seattle')
  })

  test('someone else\'s live reservation, in this brand or another, is a 409 naming e164', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const [offer] = await freeNumbers({ country: 'US', areaCode: '305' })
    ;(await reserve(client, a.host, await tokenFor(a.member), offer.e164)).assertStatus(201)

    const neighbour = await addUser(a.tenant, `n@${a.tenant.slug}.test`, 'user')
    for (const [host, user] of [[a.host, neighbour], [b.host, b.member]] as const) {
      const refused = await reserve(client, host, await tokenFor(user), offer.e164)
      refused.assertStatus(409)
      assert.equal(refused.body().error.code, 'NUMBER_UNAVAILABLE')
      assert.equal(refused.body().error.fields[0].field, 'e164')
    }
    assert.equal((await reservationOf(offer.e164))!.tenantId, a.tenant.id)
  })

  test('an expired reservation is replaced; the holder reserving again extends theirs', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const [offer] = await freeNumbers({ country: 'CA', areaCode: '514' })
    const tokenA = await tokenFor(a.member)
    ;(await reserve(client, a.host, tokenA, offer.e164)).assertStatus(201)
    const first = (await reservationOf(offer.e164))!
    await acrossAllTenants('test', () => NumberReservation.query().where('id', first.id).update({ expires_at: DateTime.now().minus({ minutes: 1 }).toFormat('yyyy-MM-dd HH:mm:ss') }))

    const again = await reserve(client, a.host, tokenA, offer.e164)
    again.assertStatus(201)
    assert.equal(again.body().data.id, first.id, 'the holder keeps the same reservation')
    assert.isAbove(DateTime.fromISO(again.body().data.expiresAt).diffNow('minutes').minutes, 14)

    await acrossAllTenants('test', () => NumberReservation.query().where('id', first.id).update({ expires_at: DateTime.now().minus({ minutes: 1 }).toFormat('yyyy-MM-dd HH:mm:ss') }))
    const taken = await reserve(client, b.host, await tokenFor(b.member), offer.e164)
    taken.assertStatus(201)
    const now = (await reservationOf(offer.e164))!
    assert.deepEqual([now.tenantId, now.userId], [b.tenant.id, b.member.id])
    assert.isAbove(now.expiresAt.diffNow('minutes').minutes, 14)
    const gone = await client.delete(`/api/v1/numbers/reservations/${first.id}`).header('host', a.host).bearerToken(tokenA)
    gone.assertStatus(404)
  })

  test('the holder may cancel; someone else\'s (or another brand\'s) reservation is a 404', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const [offer] = await freeNumbers({ country: 'US', areaCode: '512' })
    const tokenA = await tokenFor(a.member)
    const id = (await reserve(client, a.host, tokenA, offer.e164)).body().data.id

    const listed = await client.get('/api/v1/numbers/reservations').header('host', a.host).bearerToken(tokenA)
    assert.deepEqual(listed.body().data.map((r: any) => r.e164), [offer.e164])

    const foreign = await client.delete(`/api/v1/numbers/reservations/${id}`).header('host', b.host).bearerToken(await tokenFor(b.member))
    foreign.assertStatus(404)
    const colleague = await client.delete(`/api/v1/numbers/reservations/${id}`).header('host', a.host).bearerToken(await tokenFor(a.owner))
    colleague.assertStatus(404)
    assert.isNotNull(await reservationOf(offer.e164))

    const mine = await client.delete(`/api/v1/numbers/reservations/${id}`).header('host', a.host).bearerToken(tokenA)
    mine.assertStatus(204)
    assert.isNull(await reservationOf(offer.e164))
  })

  test('a malformed, unknown or foreign number is refused clearly and nothing is reserved', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    for (const bad of ['+1415', '555-0123', 'call me', '', 14155550123, '+1 (800) FLOWERS', '+999123456789']) {
      const response = await reserve(client, host, token, bad)
      response.assertStatus(422)
      assert.equal(response.body().error.fields[0].field, 'e164', String(bad))
    }
    const german = await reserve(client, host, token, '+493012345678')
    german.assertStatus(422)
    assert.equal(german.body().error.fields[0].field, 'e164')
    assert.include(german.body().error.message, 'DE')
    /** Canada shares +1 with the US; a brand selling only US numbers does not sell Toronto's. */
    const { host: usOnly, member: usMember } = await throwawayBrand({ regions: ['US'] })
    const [toronto] = await freeNumbers({ country: 'CA', areaCode: '416' })
    const canadian = await reserve(client, usOnly, await tokenFor(usMember), toronto.e164)
    canadian.assertStatus(422)
    assert.include(canadian.body().error.message, 'CA')

    /** Valid and in the brand's country, but not a number the provider has for sale. */
    const notOffered = await reserve(client, host, token, '+12025550186')
    notOffered.assertStatus(409)
    assert.equal(notOffered.body().error.code, 'NUMBER_UNAVAILABLE')
    assert.lengthOf(await runForTenant(tenant, () => NumberReservation.query()), 0)
  })

  test('the sweeper deletes expired reservations, in every brand, and leaves live ones', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const [old, live] = await freeNumbers({ country: 'US', areaCode: '718' }, 2)
    ;(await reserve(client, a.host, await tokenFor(a.member), old.e164)).assertStatus(201)
    ;(await reserve(client, b.host, await tokenFor(b.member), live.e164)).assertStatus(201)
    await acrossAllTenants('test', () => NumberReservation.query().where('e164', old.e164).update({ expires_at: DateTime.now().minus({ seconds: 5 }).toFormat('yyyy-MM-dd HH:mm:ss') }))

    assert.isAtLeast(await sweepExpiredReservations(), 1)
    assert.isNull(await reservationOf(old.e164))
    assert.isNotNull(await reservationOf(live.e164))
  })
})
