import { test } from '@japa/runner'
import NumberReservation from '#models/number_reservation'
import numberProviders from '#telephony/numbers/manager'
import { TelnyxNumbersDriver } from '#telephony/drivers/telnyx_numbers_driver'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'
import { TelnyxStandIn } from '#tests/stand_ins/telnyx_api'
import { freeNumbers, numbersOf, purchase, SpyProvider, unavailable, USD } from '#tests/functional/numbers_helpers'

/** A brand selling US local numbers at $1.50 setup + $3.00 a month (the platform's cost: $0 + $0.50). */
const PRICED = { pricing: { numbers: [{ country: 'US', type: 'local', setupMicros: USD(1.5), monthlyMicros: USD(3) }] } }

const reservationOf = (e164: string) => acrossAllTenants('test lookup', () => NumberReservation.findBy('e164', e164))

test.group('Numbers API: purchase', (group) => {
  group.each.teardown(() => numberProviders.restore())

  test('a purchase charges setup plus the first month at the brand\'s price, once, against the new number', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(10))
    const [offer] = await freeNumbers({ country: 'US', areaCode: '415', capabilities: ['mms'] })
    const response = await purchase(client, host, await tokenFor(member), offer.e164)
    response.assertStatus(201)
    const shown = response.body().data
    assert.include(shown, { e164: offer.e164, status: 'active', primary: true, country: 'US', type: 'local', region: 'CA', locality: 'San Francisco' })
    assert.deepEqual(shown.capabilities, { voice: true, sms: true, mms: true })
    assert.equal(shown.setupPrice.micros, USD(1.5))
    assert.equal(shown.monthlyPrice.micros, USD(3))

    const [number] = await numbersOf(tenant, member.id)
    assert.equal(number.id, shown.id)
    const { provider, monthlyCostMicros, setupPriceMicros, voiceEnabled, mmsEnabled } = number
    assert.deepEqual(
      { provider, monthlyCostMicros, setupPriceMicros, voiceEnabled, mmsEnabled },
      { provider: 'simulated', monthlyCostMicros: USD(0.5), setupPriceMicros: USD(1.5), voiceEnabled: true, mmsEnabled: true }
    )
    assert.match(number.providerRef!, /^sim_/)
    assert.isBelow(Math.abs(number.purchasedAt!.diffNow('seconds').seconds), 10)
    assert.equal(number.renewsAt!.toISODate(), number.purchasedAt!.plus({ months: 1 }).toISODate())

    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5.5))
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
    const charges = (await ledgerOf(tenant, wallet.id)).filter((entry) => entry.kind === 'debit')
    assert.lengthOf(charges, 1)
    const { category, amountMicros, costMicros, referenceType, referenceId } = charges[0]
    assert.deepEqual(
      { category, amountMicros, costMicros, referenceType, referenceId },
      { category: 'number_purchase', amountMicros: -USD(4.5), costMicros: USD(0.5), referenceType: 'phone_number', referenceId: String(number.id) }
    )
    assert.include(charges[0].description!, offer.e164)
    assert.isNull(await reservationOf(offer.e164), 'the reservation is used up')
  })

  test('the first number is primary, the next ones are not', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    await fundedWallet(tenant, member, USD(20))
    const token = await tokenFor(member)
    const [first, second] = await freeNumbers({ country: 'US', type: 'toll_free' }, 2)
    ;(await purchase(client, host, token, first.e164)).assertStatus(201)
    const next = await purchase(client, host, token, second.e164)
    next.assertStatus(201)
    assert.isFalse(next.body().data.primary)
    const list = await client.get('/api/v1/numbers').header('host', host).bearerToken(token)
    assert.deepEqual(list.body().data.map((n: any) => [n.e164, n.primary]), [[first.e164, true], [second.e164, false]])
    assert.deepEqual(list.body().meta, { count: 2, limit: 5 })
  })

  test('a user may hold the brand\'s limit of numbers (five by default), and one without multi_number', async ({ client, assert }) => {
    const five = await throwawayBrand()
    const wallet = await fundedWallet(five.tenant, five.member, USD(50))
    const token = await tokenFor(five.member)
    const offers = await freeNumbers({ country: 'US', areaCode: '213' }, 6)
    for (const offer of offers.slice(0, 5)) (await purchase(client, five.host, token, offer.e164)).assertStatus(201)
    const sixth = await purchase(client, five.host, token, offers[5].e164)
    sixth.assertStatus(409)
    assert.equal(sixth.body().error.code, 'NUMBER_LIMIT_REACHED')
    assert.include(sixth.body().error.message, '5 numbers')
    assert.equal((await reload(five.tenant, wallet.id)).balanceMicros, USD(40))
    assert.lengthOf(await numbersOf(five.tenant, five.member.id), 5)

    const single = await throwawayBrand({ features: { multi_number: false } })
    await fundedWallet(single.tenant, single.member, USD(10))
    const singleToken = await tokenFor(single.member)
    const [a, b] = await freeNumbers({ country: 'US', areaCode: '213' }, 2)
    ;(await purchase(client, single.host, singleToken, a.e164)).assertStatus(201)
    const refused = await purchase(client, single.host, singleToken, b.e164)
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'NUMBER_LIMIT_REACHED')
    assert.isNull(await reservationOf(b.e164))

    const two = await throwawayBrand({ limits: { numbersPerUser: 2 } })
    await fundedWallet(two.tenant, two.member, USD(10))
    const twoToken = await tokenFor(two.member)
    const picks = await freeNumbers({ country: 'US', type: 'toll_free' }, 3)
    for (const pick of picks.slice(0, 2)) (await purchase(client, two.host, twoToken, pick.e164)).assertStatus(201)
    ;(await purchase(client, two.host, twoToken, picks[2].e164)).assertStatus(409)
    const list = await client.get('/api/v1/numbers').header('host', two.host).bearerToken(twoToken)
    assert.deepEqual(list.body().meta, { count: 2, limit: 2 })
  })

  test('purchases at once past the limit: the limit holds, only kept numbers are paid, the rest go back to the provider', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand({ ...PRICED, limits: { numbersPerUser: 2 } })
    const wallet = await fundedWallet(tenant, member, USD(30))
    const spy = numberProviders.fake(new SpyProvider()) as SpyProvider
    const token = await tokenFor(member)
    const offers = await freeNumbers({ country: 'US', areaCode: '305' }, 5)
    const responses = await Promise.all(offers.map((offer) => purchase(client, host, token, offer.e164)))
    assert.deepEqual(responses.map((r) => r.status()).sort(), [201, 201, 409, 409, 409])
    for (const refused of responses.filter((r) => r.status() === 409)) assert.equal(refused.body().error.code, 'NUMBER_LIMIT_REACHED')
    assert.lengthOf(await numbersOf(tenant), 2)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(21))
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
    /** A loser may have been ordered before the limit was checked under lock: then it went straight back. */
    assert.equal(spy.orders.length - spy.releases.length, 2)
    assert.lengthOf(await runForTenant(tenant, () => NumberReservation.query()), 0)
  })

  test('too little money is a 402: nothing ordered, nothing charged, the reservation kept', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(4))
    const spy = numberProviders.fake(new SpyProvider())
    const [offer] = await freeNumbers({ country: 'US', areaCode: '312' })
    const response = await purchase(client, host, await tokenFor(member), offer.e164)
    response.assertStatus(402)
    assert.equal(response.body().error.code, 'INSUFFICIENT_FUNDS')
    assert.isEmpty((spy as SpyProvider).orders)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(4))
    assert.equal((await reload(tenant, wallet.id)).heldMicros, 0)
    assert.lengthOf(await numbersOf(tenant), 0)
    assert.equal((await reservationOf(offer.e164))?.userId, member.id, 'still held for them to top up')
  })

  test('a provider that refuses the order costs nothing and frees the number', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(10))
    const spy = numberProviders.fake(new SpyProvider()) as SpyProvider
    const [offer] = await freeNumbers({ country: 'US', areaCode: '512' })
    spy.failOrders = unavailable(offer.e164)
    const response = await purchase(client, host, await tokenFor(member), offer.e164)
    response.assertStatus(409)
    assert.equal(response.body().error.code, 'NUMBER_UNAVAILABLE')
    assert.equal(response.body().error.fields[0].field, 'e164')
    assert.deepEqual(spy.orders, [offer.e164])
    const after = await reload(tenant, wallet.id)
    assert.deepEqual([after.balanceMicros, after.heldMicros], [USD(10), 0])
    assert.isEmpty((await ledgerOf(tenant, wallet.id)).filter((entry) => entry.kind === 'debit'))
    assert.lengthOf(await numbersOf(tenant), 0)
    assert.isNull(await reservationOf(offer.e164))
  })

  test('a provider that is down (Telnyx answering 503) is a 502 and costs nothing', async ({ client, assert, cleanup }) => {
    const standIn = new TelnyxStandIn()
    const baseUrl = await standIn.start()
    cleanup(() => standIn.stop())
    standIn.add({ e164: '+13125550000', type: 'local', features: ['voice'] }, { e164: '+13122345678', type: 'local', features: ['voice', 'sms'], state: 'IL', rateCenter: 'CHICAGO' })
    numberProviders.fake(new TelnyxNumbersDriver({ apiKey: standIn.apiKey, baseUrl, timeoutMs: 2000 }))
    standIn.failOrdersWith = 503

    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(10))
    const token = await tokenFor(member)
    const response = await purchase(client, host, token, '+13122345678')
    response.assertStatus(502)
    assert.equal(response.body().error.code, 'GATEWAY_UNAVAILABLE')
    const after = await reload(tenant, wallet.id)
    assert.deepEqual([after.balanceMicros, after.heldMicros], [USD(10), 0])
    assert.lengthOf(await numbersOf(tenant), 0)
    assert.isNull(await reservationOf('+13122345678'))

    standIn.failOrdersWith = null
    const bought = await purchase(client, host, token, '+13122345678')
    bought.assertStatus(201)
    assert.include(bought.body().data, { region: 'IL', locality: 'CHICAGO' })
    const [number] = await numbersOf(tenant)
    assert.equal(number.provider, 'telnyx')
    assert.match(number.providerRef!, /^[0-9a-f-]{36}$/)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5.5))
  })

  test('two buyers racing for one number: exactly one gets it and pays, once', async ({ client, assert }) => {
    const a = await throwawayBrand(PRICED)
    const b = await throwawayBrand(PRICED)
    const neighbour = await addUser(a.tenant, `n@${a.tenant.slug}.test`, 'user')
    const buyers = [
      { tenant: a.tenant, host: a.host, user: a.member },
      { tenant: a.tenant, host: a.host, user: neighbour },
      { tenant: b.tenant, host: b.host, user: b.member },
    ]
    const wallets = await Promise.all(buyers.map((buyer) => fundedWallet(buyer.tenant, buyer.user, USD(10))))
    const tokens = await Promise.all(buyers.map((buyer) => tokenFor(buyer.user)))
    const [offer] = await freeNumbers({ country: 'US', areaCode: '206' })

    const responses = await Promise.all(buyers.map((buyer, index) => purchase(client, buyer.host, tokens[index], offer.e164)))
    const statuses = responses.map((r) => r.status())
    assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses ${statuses}`)
    assert.equal(statuses.filter((s) => s === 409).length, 2, `statuses ${statuses}`)
    const balances = await Promise.all(buyers.map((buyer, index) => reload(buyer.tenant, wallets[index].id)))
    assert.deepEqual(balances.map((w) => w.balanceMicros).sort(), [USD(10), USD(10), USD(5.5)].sort())
    assert.isTrue(balances.every((w) => w.heldMicros === 0))
    const rows = await acrossAllTenants('test', async () => (await numbersOf(a.tenant)).concat(await numbersOf(b.tenant)))
    assert.lengthOf(rows.filter((row) => row.e164 === offer.e164), 1)
  })

  test('the same user sending the purchase twice at once, with different keys, buys and pays once', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(20))
    const token = await tokenFor(member)
    const [offer] = await freeNumbers({ country: 'US', areaCode: '718' })
    const responses = await Promise.all([1, 2, 3].map((n) => purchase(client, host, token, offer.e164, `dup-${n}-${offer.e164}`)))
    assert.equal(responses.filter((r) => r.status() === 201).length, 1)
    for (const refused of responses.filter((r) => r.status() !== 201)) {
      assert.equal(refused.status(), 409)
      assert.include(['PURCHASE_IN_PROGRESS', 'NUMBER_UNAVAILABLE'], refused.body().error.code)
    }
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(15.5))
    assert.lengthOf(await numbersOf(tenant), 1)
  })

  test('a purchase needs an Idempotency-Key; the same key again replays the answer without buying twice', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(20))
    const token = await tokenFor(member)
    const [offer] = await freeNumbers({ country: 'US', areaCode: '305' })
    const missing = await client.post('/api/v1/numbers/purchase').header('host', host).bearerToken(token).json({ e164: offer.e164 })
    missing.assertStatus(400)
    assert.equal(missing.body().error.code, 'IDEMPOTENCY_KEY_REQUIRED')

    const first = await purchase(client, host, token, offer.e164, 'same-key')
    first.assertStatus(201)
    const again = await purchase(client, host, token, offer.e164, 'same-key')
    again.assertStatus(201)
    assert.equal(again.header('idempotent-replayed'), 'true')
    assert.equal(again.body().data.id, first.body().data.id)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(15.5))

    const malformed = await purchase(client, host, token, '+1 415 12', 'bad-key')
    malformed.assertStatus(422)
    assert.equal(malformed.body().error.fields[0].field, 'e164')
    assert.lengthOf(await runForTenant(tenant, () => NumberReservation.query()), 0)
  })
})
