import { test } from '@japa/runner'
import PlatformUser from '#models/platform_user'
import walletService from '#services/money/wallet_service'
import { runForTenant } from '#tenants/context'
import { DEMO_OPERATOR } from '#database/seeders/demo_data'
import { addUser, throwawayBrand, tokenFor } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'

const USD = (dollars: number) => dollars * 1_000_000

test.group('API v1: wallet and transactions', () => {
  test('a new user sees an empty wallet in the brand currency', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand({ pricing: { currency: 'EUR' } })
    const response = await client.get('/api/v1/wallet').header('host', host).bearerToken(await tokenFor(member))
    response.assertStatus(200)
    const wallet = response.body().data
    assert.equal(wallet.currency, 'EUR')
    assert.deepEqual(wallet.balance, { micros: 0, amount: '0.00', currency: 'EUR' })
    assert.isFalse(wallet.autoRecharge.enabled)
  })

  test('balance, holds and history are the user own, exact to the micro-unit', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(10))
    await runForTenant(tenant, async () => {
      await walletService.debit(wallet.id, { amountMicros: 123_456, category: 'call', description: 'Call to +4420' })
      await walletService.hold(wallet.id, { amountMicros: USD(2), category: 'sms', description: 'Queued message' })
    })
    const token = await tokenFor(member)
    const shown = (await client.get('/api/v1/wallet').header('host', host).bearerToken(token)).body().data
    assert.equal(shown.balance.amount, '9.876544')
    assert.equal(shown.available.micros, USD(10) - 123_456 - USD(2))
    assert.lengthOf(shown.holds, 1)
    assert.equal(shown.holds[0].description, 'Queued message')

    const history = await client.get('/api/v1/transactions').header('host', host).bearerToken(token)
    history.assertStatus(200)
    assert.deepEqual(history.body().data.map((e: any) => e.kind), ['debit', 'adjustment'])
    assert.equal(history.body().data[0].amount.micros, -123_456)
    const holds = await client.get('/api/v1/transactions?kind=hold').header('host', host).bearerToken(token)
    assert.lengthOf(holds.body().data, 1)
    const calls = await client.get('/api/v1/transactions?category=call').header('host', host).bearerToken(token)
    assert.lengthOf(calls.body().data, 1)
    const bad = await client.get('/api/v1/transactions?category=lottery').header('host', host).bearerToken(token)
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'category')
  })
})

test.group('API v1: staff adjustments, refunds and credit limits', () => {
  test('an adjustment needs an Idempotency-Key and a reason, and moves the balance once', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const token = await tokenFor(owner)
    const url = `/api/v1/admin/users/${member.id}/wallet/adjustments`
    const missing = await client.post(url).header('host', host).bearerToken(token).json({ amount: '5.00', reason: 'Welcome credit' })
    missing.assertStatus(400)
    assert.equal(missing.body().error.fields[0].field, 'Idempotency-Key')

    const first = await client.post(url).header('host', host).header('Idempotency-Key', 'adj-1').bearerToken(token).json({ amount: '5.00', reason: 'Welcome credit' })
    first.assertStatus(201)
    assert.equal(first.body().data.balanceAfter.amount, '5.00')
    const again = await client.post(url).header('host', host).header('Idempotency-Key', 'adj-1').bearerToken(token).json({ reason: 'Welcome credit', amount: '5.00' })
    again.assertStatus(201)
    assert.equal(again.header('idempotent-replayed'), 'true')
    assert.deepEqual(again.body(), first.body())

    const other = await client.post(url).header('host', host).header('Idempotency-Key', 'adj-1').bearerToken(token).json({ amount: '50.00', reason: 'Welcome credit' })
    other.assertStatus(422)
    assert.equal(other.body().error.code, 'IDEMPOTENCY_KEY_REUSED')

    const wallet = await runForTenant(tenant, () => walletService.forUser(member.id, 'USD'))
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5))
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 1)
  })

  test('concurrent requests with one key run once and all get the first answer', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const token = await tokenFor(owner)
    const url = `/api/v1/admin/users/${member.id}/wallet/adjustments`
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.post(url).header('host', host).header('Idempotency-Key', 'burst-7').bearerToken(token).json({ amount: '2.50', reason: 'Goodwill' })
      )
    )
    for (const response of responses) response.assertStatus(201)
    assert.lengthOf(new Set(responses.map((r) => r.body().data.id)), 1)
    const wallet = await runForTenant(tenant, () => walletService.forUser(member.id, 'USD'))
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, 2_500_000)
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 1)
  })

  test('invalid input is refused with the field named and frees the key; a refusal for funds is replayed', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const token = await tokenFor(owner)
    const url = `/api/v1/admin/users/${member.id}/wallet/adjustments`
    const post = (key: string, body: object) => client.post(url).header('host', host).header('Idempotency-Key', key).bearerToken(token).json(body)
    for (const amount of ['abc', '1.1234567', '99999999999', '']) {
      const response = await post(`bad-${amount}`, { amount, reason: 'Typo test' })
      response.assertStatus(422)
      assert.equal(response.body().error.fields[0].field, 'amount')
    }
    const overdraw = await post('take-1', { amount: '-1.00', reason: 'Take back' })
    overdraw.assertStatus(402)
    assert.equal(overdraw.body().error.code, 'INSUFFICIENT_FUNDS')
    assert.equal(overdraw.body().error.fields[0].field, 'amount')
    const wallet = await runForTenant(tenant, () => walletService.forUser(member.id, 'USD'))
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 0)

    const typo = await post('fix-1', { amount: '1,00', reason: 'Take back' })
    typo.assertStatus(422)
    await fundedWallet(tenant, member, USD(3))
    const corrected = await post('fix-1', { amount: '-1.00', reason: 'Take back' })
    corrected.assertStatus(201)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(2))
    const replayedRefusal = await post('take-1', { amount: '-1.00', reason: 'Take back' })
    replayedRefusal.assertStatus(402)
    assert.equal(replayedRefusal.header('idempotent-replayed'), 'true')
  })

  test('support staff can read a wallet but not move money', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const support = await addUser(tenant, `support@${tenant.slug}.test`, 'support')
    const token = await tokenFor(support)
    const read = await client.get(`/api/v1/admin/users/${member.id}/wallet`).header('host', host).bearerToken(token)
    read.assertStatus(200)
    const write = await client.post(`/api/v1/admin/users/${member.id}/wallet/adjustments`).header('host', host).header('Idempotency-Key', 's-1').bearerToken(token).json({ amount: '1.00', reason: 'Nope' })
    write.assertStatus(403)
    const wallet = await runForTenant(tenant, () => walletService.forUser(member.id, 'USD'))
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 0)
    const enduser = await client.get(`/api/v1/admin/users/${member.id}/wallet`).header('host', host).bearerToken(await tokenFor(member))
    enduser.assertStatus(403)
  })

  test('a charge is refunded into the wallet at most once in total', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(5))
    const charge = await runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: USD(2), category: 'call' }))
    const token = await tokenFor(owner)
    const url = `/api/v1/admin/users/${member.id}/wallet/refunds`
    const refund = (key: string, body: object) => client.post(url).header('host', host).header('Idempotency-Key', key).bearerToken(token).json(body)
    ;(await refund('r1', { entryId: charge.id, amount: '0.75', reason: 'Dropped call' })).assertStatus(201)
    const tooMuch = await refund('r2', { entryId: charge.id, amount: '1.50', reason: 'Dropped call' })
    tooMuch.assertStatus(422)
    assert.equal(tooMuch.body().error.fields[0].field, 'amount')
    ;(await refund('r3', { entryId: charge.id, reason: 'The rest' })).assertStatus(201)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5))
    ;(await refund('r4', { entryId: charge.id, amount: '0.01', reason: 'Once more' })).assertStatus(422)
  })

  test('a credit limit lets a trusted customer spend below zero', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const token = await tokenFor(owner)
    const set = await client.put(`/api/v1/admin/users/${member.id}/wallet/credit-limit`).header('host', host).bearerToken(token).json({ creditLimit: '10.00' })
    set.assertStatus(200)
    assert.equal(set.body().data.available.amount, '10.00')
    const wallet = await runForTenant(tenant, () => walletService.forUser(member.id, 'USD'))
    await runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: USD(4), category: 'call' }))
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, -USD(4))
    const negative = await client.put(`/api/v1/admin/users/${member.id}/wallet/credit-limit`).header('host', host).bearerToken(token).json({ creditLimit: '-1' })
    negative.assertStatus(422)
  })
})

test.group('Revenue reports', () => {
  test('the brand sees revenue, wholesale cost and margin; the platform sees every brand', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(20))
    await runForTenant(tenant, async () => {
      await walletService.debit(wallet.id, { amountMicros: 300_000, costMicros: 120_000, category: 'call' })
      await walletService.debit(wallet.id, { amountMicros: 200_000, costMicros: 80_000, category: 'call' })
      await walletService.debit(wallet.id, { amountMicros: 2_000_000, costMicros: 1_000_000, category: 'number_renewal' })
    })
    const report = await client.get('/api/v1/admin/reports/revenue').header('host', host).bearerToken(await tokenFor(owner))
    report.assertStatus(200)
    const calls = report.body().data.find((row: any) => row.category === 'call')
    assert.equal(calls.count, 2)
    assert.equal(calls.revenue.micros, 500_000)
    assert.equal(calls.cost.micros, 200_000)
    assert.equal(calls.margin.micros, 300_000)
    assert.notExists(report.body().data.find((row: any) => row.category === 'adjustment'))

    const page = await client.get('/admin/revenue').header('host', host).withGuard('web').loginAs(owner)
    page.assertStatus(200)
    assert.include(page.text(), '$2.50')

    const operator = await PlatformUser.findByOrFail('email', DEMO_OPERATOR.email)
    const platformToken = (await PlatformUser.accessTokens.create(operator)).value!.release()
    const platform = await client.get('/api/v1/platform/revenue').header('host', 'admin.localhost').bearerToken(platformToken)
    platform.assertStatus(200)
    const row = platform.body().data.find((r: any) => r.tenant.id === tenant.id)
    assert.equal(row.revenue.micros, 2_500_000)
    assert.equal(row.cost.micros, 1_200_000)
    const brandToken = await client.get('/api/v1/platform/revenue').header('host', host).bearerToken(await tokenFor(owner))
    brandToken.assertStatus(404)
  })
})
