import { test } from '@japa/runner'
import PhoneNumber from '#models/phone_number'
import { vanityDigits } from '#telephony/numbers/vanity'
import { runForTenant } from '#tenants/context'
import { GLOBEX, throwawayBrand, tokenFor, userOf } from '#tests/helpers'
import { fundedWallet } from '#tests/money_helpers'
import { freeNumbers, purchase, USD } from '#tests/functional/numbers_helpers'

const search = (client: any, host: string, token: string, query: string) =>
  client.get(`/api/v1/numbers/search?${query}`).header('host', host).bearerToken(token)

test.group('Numbers API: search', () => {
  test('filters by type, area code, region, capabilities and vanity pattern, priced at the brand\'s price', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand({
      pricing: { numbers: [{ country: 'US', type: 'local', setupMicros: USD(1.5), monthlyMicros: USD(3) }] },
    })
    const token = await tokenFor(member)

    const sf = await search(client, host, token, 'country=US&type=local&areaCode=415&capabilities=sms,mms&limit=5')
    sf.assertStatus(200)
    const offers = sf.body().data
    assert.lengthOf(offers, 5)
    for (const offer of offers) {
      assert.isTrue(offer.e164.startsWith('+1415'))
      assert.include(offer, { country: 'US', type: 'local', region: 'CA', locality: 'San Francisco' })
      assert.deepEqual(offer.capabilities, { voice: true, sms: true, mms: true })
      assert.deepEqual(offer.price.setup, { micros: USD(1.5), amount: '1.50', currency: 'USD' })
      assert.deepEqual(offer.price.monthly, { micros: USD(3), amount: '3.00', currency: 'USD' })
      assert.equal(offer.price.dueNow.micros, USD(4.5))
    }
    assert.equal(sf.body().meta.country, 'US')

    const texas = (await search(client, host, token, 'country=US&region=TX&limit=50')).body().data
    assert.isNotEmpty(texas)
    assert.isTrue(texas.every((o: any) => o.region === 'TX' && o.locality === 'Austin'))

    const vanity = (await search(client, host, token, 'country=US&pattern=CALL&limit=50')).body().data
    assert.isNotEmpty(vanity)
    assert.isTrue(vanity.every((o: any) => o.e164.slice(2).includes(vanityDigits('CALL'))))

    /** Toll-free has no explicit price in this brand's list: 25 % over the platform's wholesale ($1.20) = $1.50. */
    const tollFree = (await search(client, host, token, 'country=US&type=toll_free&limit=3')).body().data
    assert.lengthOf(tollFree, 3)
    assert.isTrue(tollFree.every((o: any) => o.type === 'toll_free' && !o.capabilities.mms && o.price.monthly.micros === USD(1.5)))

    /** Canada has no explicit price: 25 % over the platform's wholesale ($0.60) = $0.75. */
    const canada = (await search(client, host, token, 'country=CA&type=local&areaCode=604&limit=2')).body().data
    assert.lengthOf(canada, 2)
    assert.equal(canada[0].price.monthly.micros, 750_000)
  })

  test('with no country the brand\'s first region is searched; another country is a 422 on country', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand({ regions: ['CA', 'US'] })
    const token = await tokenFor(member)
    const first = await search(client, host, token, 'limit=3')
    first.assertStatus(200)
    assert.equal(first.body().meta.country, 'CA')
    assert.isTrue(first.body().data.every((o: any) => o.country === 'CA'))

    const outside = await search(client, host, token, 'country=GB')
    outside.assertStatus(422)
    assert.equal(outside.body().error.code, 'VALIDATION_FAILED')
    assert.equal(outside.body().error.fields[0].field, 'country')
    assert.include(outside.body().error.fields[0].message, 'CA, US')
  })

  test('a bad type, capability, pattern or limit is a 422 naming the field', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand()
    const token = await tokenFor(member)
    for (const [query, field] of [
      ['type=landline', 'type'],
      ['capabilities=voice,fax', 'capabilities.1'],
      ['pattern=CALL-ME', 'pattern'],
      ['pattern=ABCDEFGHIJKLMNOP', 'pattern'],
      ['limit=500', 'limit'],
      ['areaCode=4l5', 'areaCode'],
      ['country=USA', 'country'],
    ]) {
      const response = await search(client, host, token, query)
      assert.equal(response.status(), 422, query)
      assert.equal(response.body().error.fields[0].field, field, query)
    }
  })

  test('a country and type the brand has no price for is left out and counted', async ({ client, assert }) => {
    const gus = await userOf('globex', 'gus@globex.test')
    const token = await tokenFor(gus)
    /** Globex sells in DE, FR and GB; the platform has no French number costs, so France cannot be priced. */
    const france = await search(client, GLOBEX, token, 'country=FR&limit=5')
    france.assertStatus(200)
    assert.isEmpty(france.body().data)
    assert.isAbove(france.body().meta.unpriced, 0)

    const berlin = (await search(client, GLOBEX, token, 'country=DE&type=local&areaCode=30&limit=2')).body().data
    assert.lengthOf(berlin, 2)
    assert.deepEqual(berlin[0].price.setup, { micros: USD(1), amount: '1.00', currency: 'EUR' })
    assert.deepEqual(berlin[0].price.monthly, { micros: USD(2.5), amount: '2.50', currency: 'EUR' })
    assert.equal(berlin[0].locality, 'Berlin')
  })

  test('when the first numbers a provider offers are all sold, the search looks further', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const sold = await freeNumbers({ country: 'CA', type: 'toll_free' }, 20)
    await runForTenant(tenant, async () => {
      for (const offer of sold) {
        await PhoneNumber.create({ userId: null, e164: offer.e164, country: 'CA', type: 'toll_free', status: 'quarantined', isPrimary: false, monthlyPriceMicros: 0 })
      }
    })
    const found = (await search(client, host, await tokenFor(member), 'country=CA&type=toll_free&limit=5')).body().data
    assert.lengthOf(found, 5)
    assert.isEmpty(found.filter((o: any) => sold.some((s) => s.e164 === o.e164)))
  })

  test('numbers sold or reserved by anyone (any brand) are not offered; your own reservation is, marked', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const [sold, reservedByB, mine] = await freeNumbers({ country: 'US', areaCode: '312' }, 3)
    await fundedWallet(a.tenant, a.member, USD(20))
    const tokenA = await tokenFor(a.member)
    ;(await purchase(client, a.host, tokenA, sold.e164)).assertStatus(201)
    const tokenB = await tokenFor(b.member)
    ;(await client.post('/api/v1/numbers/reservations').header('host', b.host).bearerToken(tokenB).json({ e164: reservedByB.e164 })).assertStatus(201)
    ;(await client.post('/api/v1/numbers/reservations').header('host', a.host).bearerToken(tokenA).json({ e164: mine.e164 })).assertStatus(201)

    const seenByA = (await search(client, a.host, tokenA, 'country=US&areaCode=312&limit=50')).body().data
    const e164s = seenByA.map((o: any) => o.e164)
    assert.notInclude(e164s, sold.e164)
    assert.notInclude(e164s, reservedByB.e164)
    assert.include(e164s, mine.e164)
    assert.isNotNull(seenByA.find((o: any) => o.e164 === mine.e164).reservedUntil)

    const seenByB = (await search(client, b.host, tokenB, 'country=US&areaCode=312&limit=50')).body().data.map((o: any) => o.e164)
    assert.notInclude(seenByB, mine.e164)
    assert.notInclude(seenByB, sold.e164)
    assert.include(seenByB, reservedByB.e164)
  })
})
