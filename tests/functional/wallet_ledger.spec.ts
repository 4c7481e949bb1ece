import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import WalletHold from '#models/wallet_hold'
import walletService from '#services/money/wallet_service'
import { sweepExpiredHolds } from '#services/money/hold_sweeper'
import { HoldClosedException, InsufficientFundsException } from '#services/money/errors'
import { runForTenant } from '#tenants/context'
import { throwawayBrand } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'

const USD = (dollars: number) => dollars * 1_000_000

test.group('Wallet ledger', () => {
  test('a debit the wallet cannot cover is refused and writes nothing', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(5))
    await assert.rejects(
      () => runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: USD(5) + 1, category: 'call' })),
      InsufficientFundsException as any
    )
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5))
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 1)
  })

  test('each entry records the balance it left, and the balances add up', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(10))
    await runForTenant(tenant, async () => {
      await walletService.debit(wallet.id, { amountMicros: 1_234_567, category: 'sms', reference: { type: 'message', id: 7 } })
      await walletService.credit(wallet.id, { amountMicros: 500_000, category: 'recharge' })
    })
    const entries = await ledgerOf(tenant, wallet.id)
    assert.deepEqual(entries.map((e) => e.balanceAfterMicros), [USD(10), USD(10) - 1_234_567, USD(10) - 1_234_567 + 500_000])
    assert.equal(entries.reduce((sum, e) => sum + e.amountMicros, 0), (await reload(tenant, wallet.id)).balanceMicros)
    assert.equal(entries[1].referenceType, 'message')
    assert.equal(entries[1].referenceId, '7')
  })

  test('a hold reserves funds; settle charges the real cost and frees the rest', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(10))
    const hold = await runForTenant(tenant, () => walletService.hold(wallet.id, { amountMicros: USD(4), category: 'call', description: 'Call to +442071234567' }))
    let now = await reload(tenant, wallet.id)
    assert.equal(now.availableMicros, USD(6))
    await assert.rejects(() => runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: USD(7), category: 'sms' })), InsufficientFundsException as any)

    const result = await runForTenant(tenant, () => walletService.settle(hold.id, { amountMicros: 1_350_000, costMicros: 900_000 }))
    assert.equal(result.chargedMicros, 1_350_000)
    now = await reload(tenant, wallet.id)
    assert.equal(now.balanceMicros, USD(10) - 1_350_000)
    assert.equal(now.heldMicros, 0)
    assert.equal(result.entry!.costMicros, 900_000)
    await assert.rejects(() => runForTenant(tenant, () => walletService.release(hold.id)), HoldClosedException as any)
  })

  test('a settlement larger than the wallet can pay stops at zero and reports the rest', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(2))
    const hold = await runForTenant(tenant, () => walletService.hold(wallet.id, { amountMicros: USD(1), category: 'call' }))
    const result = await runForTenant(tenant, () => walletService.settle(hold.id, { amountMicros: USD(3) }))
    assert.equal(result.chargedMicros, USD(2))
    assert.equal(result.uncollectedMicros, USD(1))
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, 0)
  })

  test('a credit limit lets the wallet go below zero down to the limit, no further', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(1))
    await runForTenant(tenant, async () => {
      const row = await reload(tenant, wallet.id)
      row.creditLimitMicros = USD(2)
      await row.save()
      await walletService.debit(wallet.id, { amountMicros: USD(3), category: 'call' })
    })
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, -USD(2))
    await assert.rejects(() => runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: 1, category: 'call' })), InsufficientFundsException as any)
  })

  test('expired holds are released by the sweeper, open ones are kept', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(5))
    const [stale, live] = await runForTenant(tenant, async () => [
      await walletService.hold(wallet.id, { amountMicros: USD(1), category: 'sms', ttlSeconds: 60 }),
      await walletService.hold(wallet.id, { amountMicros: USD(2), category: 'call', ttlSeconds: 3600 }),
    ])
    const released = await sweepExpiredHolds(DateTime.now().plus({ minutes: 5 }))
    assert.isAtLeast(released, 1)
    const [staleNow, liveNow] = await runForTenant(tenant, () => Promise.all([WalletHold.findOrFail(stale.id), WalletHold.findOrFail(live.id)]))
    assert.equal(staleNow.status, 'expired')
    assert.equal(liveNow.status, 'open')
    assert.equal((await reload(tenant, wallet.id)).heldMicros, USD(2))
  })

  test('bad amounts are refused before anything moves', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(1))
    for (const amountMicros of [0, -5, 1.5, Number.MAX_SAFE_INTEGER, Number.NaN]) {
      await assert.rejects(() => runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros, category: 'call' })))
    }
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 1)
  })
})

test.group('Wallet under concurrency (MySQL, parallel connections)', () => {
  test('100 concurrent holds and debits leave an exact balance that never went below zero', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const start = USD(30)
    const wallet = await fundedWallet(tenant, member, start)
    // 100 operations of 0.50-1.49: together far more than the wallet holds, so many must be refused.
    const amounts = Array.from({ length: 100 }, (_, i) => 500_000 + ((i * 7919) % 1_000_000))
    const outcomes = await Promise.allSettled(
      amounts.map((amountMicros, i) =>
        runForTenant(tenant, async () => {
          if (i % 2 === 0) return { debited: (await walletService.debit(wallet.id, { amountMicros, category: 'call' })).amountMicros * -1 }
          const hold = await walletService.hold(wallet.id, { amountMicros, category: 'sms' })
          const settled = await walletService.settle(hold.id, { amountMicros: Math.floor(amountMicros / 2) })
          return { debited: settled.chargedMicros }
        })
      )
    )
    const done = outcomes.filter((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ debited: number }>[]
    const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]
    assert.isAbove(done.length, 20)
    assert.isAbove(refused.length, 0)
    for (const failure of refused) assert.instanceOf(failure.reason, InsufficientFundsException)

    const spent = done.reduce((sum, o) => sum + o.value.debited, 0)
    const final = await reload(tenant, wallet.id)
    assert.equal(final.balanceMicros, start - spent)
    assert.equal(final.heldMicros, 0)
    const entries = await ledgerOf(tenant, wallet.id)
    for (const entry of entries) {
      assert.isAtLeast(entry.balanceAfterMicros, 0, `entry ${entry.id} left the balance negative`)
      assert.isAtLeast(entry.balanceAfterMicros - entry.heldAfterMicros, 0, `entry ${entry.id} left available negative`)
    }
    assert.equal(entries.reduce((sum, e) => sum + e.amountMicros, 0), final.balanceMicros)
  }).timeout(60_000)
})
