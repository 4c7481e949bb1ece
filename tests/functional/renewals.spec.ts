import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import mail from '@adonisjs/mail/services/main'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import type Wallet from '#models/wallet'
import PhoneNumber from '#models/phone_number'
import NumberRenewal from '#models/number_renewal'
import walletService from '#services/money/wallet_service'
import { RenewalService } from '#services/money/renewal_service'
import { autoRechargeFromPayments } from '#services/money/renewal_auto_recharge'
import { runForTenant } from '#tenants/context'
import { throwawayBrand } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'

const USD = (dollars: number) => dollars * 1_000_000
let serial = 0

/** A number of `user`'s at $2 a month (wholesale $1), due an hour ago unless told otherwise. */
function dueNumber(tenant: Tenant, user: User, renewsAt = DateTime.utc().minus({ hours: 1 }).startOf('second')) {
  const e164 = `+1555${String(Date.now() % 1_000_000).padStart(6, '0')}${serial++ % 10}`
  return runForTenant(tenant, () =>
    PhoneNumber.create({
      userId: user.id,
      e164,
      country: 'US',
      type: 'local',
      status: 'active',
      isPrimary: true,
      monthlyPriceMicros: USD(2),
      monthlyCostMicros: USD(1),
      renewsAt,
    })
  )
}

const numberNow = (tenant: Tenant, id: number) => runForTenant(tenant, () => PhoneNumber.findOrFail(id))
const renewalsOf = (tenant: Tenant, id: number) =>
  runForTenant(tenant, () => NumberRenewal.query().where('phone_number_id', id).orderBy('period'))
const renewalEntries = async (tenant: Tenant, wallet: Wallet) =>
  (await ledgerOf(tenant, wallet.id)).filter((entry) => entry.category === 'number_renewal')

/** A renewal service whose auto-recharge never adds money, for the paths that must fail. */
const noRecharge = () => new RenewalService({ autoRecharge: async () => false })

test.group('Number renewals', () => {
  test('a due number is charged once per period, however many runs reach it', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(10))
    const number = await dueNumber(tenant, member)
    const renewals = noRecharge()
    const now = DateTime.utc()

    const first = await renewals.runDue(now, { tenantId: tenant.id })
    assert.deepEqual(first, { renewed: 1, failed: 0, inGrace: 0, quarantined: 0, errors: 0 })
    const again = await renewals.runDue(now, { tenantId: tenant.id })
    assert.equal(again.renewed, 0)

    const entries = await renewalEntries(tenant, wallet)
    assert.lengthOf(entries, 1)
    const period = number.renewsAt!.toUTC().toFormat('yyyy-MM')
    assert.equal(entries[0].amountMicros, -USD(2))
    assert.equal(entries[0].costMicros, USD(1))
    assert.equal(entries[0].referenceType, 'phone_number')
    assert.equal(entries[0].referenceId, String(number.id))
    assert.include(entries[0].description!, number.e164)
    assert.include(entries[0].description!, period)
    const renewed = await numberNow(tenant, number.id)
    assert.equal(renewed.renewsAt!.toMillis(), number.renewsAt!.toUTC().plus({ months: 1 }).toMillis())
    assert.equal(renewed.status, 'active')
    const [row] = await renewalsOf(tenant, number.id)
    assert.include({ period: row.period, status: row.status, attempts: row.attempts, ledgerEntryId: row.ledgerEntryId }, {
      period,
      status: 'charged',
      attempts: 1,
      ledgerEntryId: entries[0].id,
    })
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(8))
  })

  test('two workers renewing at the same moment charge once', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(10))
    await dueNumber(tenant, member)
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => noRecharge().runDue(DateTime.utc(), { tenantId: tenant.id })))
    assert.equal(a.renewed + b.renewed + c.renewed, 1)
    assert.equal(a.errors + b.errors + c.errors, 0)
    assert.lengthOf(await renewalEntries(tenant, wallet), 1)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(8))
  })

  test('an unpaid renewal puts the number in grace, mails the user once and never overdraws', async ({ assert, cleanup }) => {
    const { messages } = mail.fake()
    cleanup(() => mail.restore())
    const { tenant, member } = await throwawayBrand({ support: { email: 'billing@grace.test' } })
    const wallet = await fundedWallet(tenant, member, USD(1))
    const number = await dueNumber(tenant, member)
    const renewals = noRecharge()

    const summary = await renewals.runDue(DateTime.utc(), { tenantId: tenant.id })
    assert.deepEqual(summary, { renewed: 0, failed: 1, inGrace: 1, quarantined: 0, errors: 0 })
    const inGrace = await numberNow(tenant, number.id)
    assert.equal(inGrace.status, 'grace')
    assert.equal(inGrace.userId, member.id)
    assert.equal(inGrace.graceUntil!.toMillis(), number.renewsAt!.plus({ days: 7 }).toMillis())
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(1))
    assert.lengthOf(await renewalEntries(tenant, wallet), 0)

    const sent = messages.sent()
    assert.lengthOf(sent, 1)
    const message = sent[0].toJSON().message
    assert.deepEqual(message.to, [member.email])
    assert.include(message.subject!, number.e164)
    assert.include(message.text as string, '$2.00')
    assert.include(message.text as string, inGrace.graceUntil!.toUTC().toFormat('d LLLL yyyy'))

    await renewals.runDue(DateTime.utc().plus({ days: 1 }), { tenantId: tenant.id })
    assert.lengthOf(messages.sent(), 1, 'a later retry in grace sends no second mail')
    const [row] = await renewalsOf(tenant, number.id)
    assert.equal(row.status, 'failed')
    assert.equal(row.attempts, 2)
  })

  test('topping up during grace renews the number and makes it active again', async ({ assert, cleanup }) => {
    mail.fake()
    cleanup(() => mail.restore())
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(1))
    const number = await dueNumber(tenant, member)
    const renewals = noRecharge()
    await renewals.runDue(DateTime.utc(), { tenantId: tenant.id })
    assert.equal((await numberNow(tenant, number.id)).status, 'grace')

    await runForTenant(tenant, () => walletService.credit(wallet.id, { amountMicros: USD(5), category: 'recharge', description: 'Top-up' }))
    const summary = await renewals.runDue(DateTime.utc().plus({ days: 2 }), { tenantId: tenant.id })
    assert.equal(summary.renewed, 1)
    const active = await numberNow(tenant, number.id)
    assert.equal(active.status, 'active')
    assert.isNull(active.graceUntil)
    assert.equal(active.renewsAt!.toMillis(), number.renewsAt!.toUTC().plus({ months: 1 }).toMillis(), 'the paid month follows on from the due date')
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(4))
    const rows = await renewalsOf(tenant, number.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].status, 'charged')
    assert.equal(rows[0].attempts, 2)
  })

  test('after the brand\'s grace period the number is released to quarantine and the user told', async ({ assert, cleanup }) => {
    const { messages } = mail.fake()
    cleanup(() => mail.restore())
    const { tenant, member } = await throwawayBrand({ limits: { renewalGraceDays: 3 } })
    const wallet = await fundedWallet(tenant, member, 0)
    const number = await dueNumber(tenant, member)
    const renewals = noRecharge()
    const due = number.renewsAt!

    await renewals.runDue(due.plus({ minutes: 1 }), { tenantId: tenant.id })
    const held = await numberNow(tenant, number.id)
    assert.equal(held.graceUntil!.toMillis(), due.plus({ days: 3 }).toMillis())
    const stillHeld = await renewals.runDue(due.plus({ days: 2 }), { tenantId: tenant.id })
    assert.equal(stillHeld.quarantined, 0)
    assert.equal((await numberNow(tenant, number.id)).userId, member.id)

    const releasedAt = due.plus({ days: 3, minutes: 5 })
    const summary = await renewals.runDue(releasedAt, { tenantId: tenant.id })
    assert.deepEqual(summary, { renewed: 0, failed: 1, inGrace: 0, quarantined: 1, errors: 0 })
    const released = await numberNow(tenant, number.id)
    assert.equal(released.status, 'quarantined')
    assert.isNull(released.userId)
    assert.isFalse(released.isPrimary)
    assert.equal(released.quarantinedUntil!.toMillis(), releasedAt.plus({ days: 30 }).toMillis())
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, 0)
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 0)

    const subjects = messages.sent().map((m) => m.toJSON().message.subject)
    assert.deepEqual(subjects, [`Your number ${number.e164} could not be renewed`, `Your number ${number.e164} has been released`])
    const later = await renewals.runDue(releasedAt.plus({ days: 1 }), { tenantId: tenant.id })
    assert.equal(later.failed + later.renewed, 0, 'a released number is no longer renewed')
  })

  test('a short wallet gets one auto-recharge attempt before grace', async ({ assert, cleanup }) => {
    const { messages } = mail.fake()
    cleanup(() => mail.restore())
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(1))
    const number = await dueNumber(tenant, member)
    const asked: number[] = []
    const renewals = new RenewalService({
      autoRecharge: async (short) => {
        asked.push(short.id)
        await runForTenant(tenant, () => walletService.credit(short.id, { amountMicros: USD(10), category: 'recharge', description: 'Auto-recharge' }))
        return true
      },
    })
    const summary = await renewals.runDue(DateTime.utc(), { tenantId: tenant.id })
    assert.equal(summary.renewed, 1)
    assert.deepEqual(asked, [wallet.id])
    assert.deepEqual((await ledgerOf(tenant, wallet.id)).map((e) => e.category), ['adjustment', 'recharge', 'number_renewal'])
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(9))
    assert.equal((await numberNow(tenant, number.id)).status, 'active')
    assert.lengthOf(messages.sent(), 0)

    const declined: number[] = []
    const other = await dueNumber(tenant, member, DateTime.utc().minus({ minutes: 5 }).startOf('second'))
    await runForTenant(tenant, () => walletService.debit(wallet.id, { amountMicros: USD(9), category: 'adjustment', description: 'Spent' }))
    const failing = new RenewalService({
      autoRecharge: async (short) => {
        declined.push(short.id)
        return false
      },
    })
    const result = await failing.runDue(DateTime.utc(), { tenantId: tenant.id })
    assert.equal(result.inGrace, 1)
    assert.deepEqual(declined, [wallet.id])
    assert.equal((await numberNow(tenant, other.id)).status, 'grace')
  })

  test('by default the payments code\'s auto-recharge is asked, here through the fake gateway', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand({ payments: { gateways: { fake: { enabled: true } } } })
    const wallet = await fundedWallet(tenant, member, USD(1))
    await runForTenant(tenant, () =>
      wallet
        .merge({
          autoRechargeEnabled: true,
          autoRechargeThresholdMicros: USD(5),
          autoRechargeAmountMicros: USD(10),
          autoRechargeGateway: 'fake',
          gatewayCustomerRef: 'cus_fake_renewal',
          gatewayPaymentMethodRef: 'pm_fake_renewal',
          autoRechargeDueAt: DateTime.now().minus({ minutes: 1 }),
        })
        .save()
    )
    const number = await dueNumber(tenant, member)
    const summary = await new RenewalService().runDue(DateTime.utc(), { tenantId: tenant.id })
    assert.equal(summary.renewed, 1)
    const ledger = await ledgerOf(tenant, wallet.id)
    assert.deepEqual(ledger.map((e) => [e.category, e.amountMicros]), [['adjustment', USD(1)], ['recharge', USD(10)], ['number_renewal', -USD(2)]])
    assert.equal((await numberNow(tenant, number.id)).status, 'active')
  })

  test('a wallet above its threshold but short of the renewal price is recharged once to pay it', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand({ payments: { gateways: { fake: { enabled: true } } } })
    const wallet = await fundedWallet(tenant, member, 1_500_000)
    await runForTenant(tenant, () =>
      wallet
        .merge({
          autoRechargeEnabled: true,
          autoRechargeThresholdMicros: USD(1),
          autoRechargeAmountMicros: USD(10),
          autoRechargeGateway: 'fake',
          gatewayCustomerRef: 'cus_fake_short',
          gatewayPaymentMethodRef: 'pm_fake_short',
          autoRechargeDueAt: null,
        })
        .save()
    )
    const number = await dueNumber(tenant, member)
    const summary = await new RenewalService().runDue(DateTime.utc(), { tenantId: tenant.id })
    assert.equal(summary.renewed, 1)
    const ledger = await ledgerOf(tenant, wallet.id)
    assert.deepEqual(ledger.map((e) => [e.category, e.amountMicros]), [['adjustment', 1_500_000], ['recharge', USD(10)], ['number_renewal', -USD(2)]])
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, 9_500_000)
    assert.equal((await numberNow(tenant, number.id)).status, 'active')
  })

  test('the default auto-recharge asks nothing of a wallet without auto-recharge', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, 0)
    assert.isFalse(await autoRechargeFromPayments(wallet))
    wallet.autoRechargeEnabled = true
    assert.isFalse(await autoRechargeFromPayments(wallet), 'no saved payment method, no charge')
  })

  test('numbers:renew takes a clock and prints a summary', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, USD(10))
    const number = await dueNumber(tenant, member, DateTime.utc().plus({ days: 10 }).startOf('second'))
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')

    const early = await ace.exec('numbers:renew', [])
    early.assertSucceeded()
    assert.lengthOf(await renewalEntries(tenant, wallet), 0)

    const later = await ace.exec('numbers:renew', [`--at=${number.renewsAt!.plus({ minutes: 1 }).toISO()}`])
    later.assertSucceeded()
    later.assertLogMatches(/renewed [1-9]\d*, failed \d+ \(in grace \d+, quarantined \d+\)/)
    assert.lengthOf(await renewalEntries(tenant, wallet), 1)

    const bad = await ace.exec('numbers:renew', ['--at=next tuesday'])
    assert.equal(bad.exitCode, 1)
  })
})
