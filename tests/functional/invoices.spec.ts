import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import type Tenant from '#models/tenant'
import User from '#models/user'
import Invoice from '#models/invoice'
import LedgerEntry from '#models/ledger_entry'
import walletService from '#services/money/wallet_service'
import invoices from '#services/invoices/invoice_service'
import statements, { InvalidPeriodException, periodBounds, previousPeriod } from '#services/invoices/statement_service'
import { formatMicros } from '#services/money'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { ACME, GLOBEX, addUser, brand, throwawayBrand, tokenFor, userOf } from '#tests/helpers'
import { fundedWallet, reload } from '#tests/money_helpers'
import { dbTime } from '#services/db_time'
import { pdfText } from '#tests/pdf_text'

const USD = (dollars: number) => dollars * 1_000_000

/** Moves ledger entries into the past: a test fixture, the app itself never rewrites the ledger. */
async function dateEntries(ids: number[], when: DateTime) {
  await db.from('ledger_entries').whereIn('id', ids).update({ created_at: dbTime(when) })
}

/**
 * A member with a wallet history over three months: before the statement's month, in it,
 * and after it (today), so the statement has to pick its month out of the ledger.
 */
async function walletWithHistory(tenant: Tenant, member: User, period: string) {
  const { start } = periodBounds(period)
  const wallet = await fundedWallet(tenant, member, 0)
  await db.from('wallets').where('id', wallet.id).update({ created_at: dbTime(start.minus({ months: 1 })) })
  const ids = await runForTenant(tenant, async () => {
    const before = [
      (await walletService.credit(wallet.id, { amountMicros: USD(30), category: 'recharge', description: 'Top-up' })).id,
      (await walletService.debit(wallet.id, { amountMicros: USD(4), category: 'call', description: 'Call' })).id,
    ]
    const hold = await walletService.hold(wallet.id, { amountMicros: USD(1), category: 'call', description: 'Call to +4420' })
    await walletService.settle(hold.id, { amountMicros: 750_000 })
    await walletService.credit(wallet.id, { amountMicros: USD(10), category: 'recharge', description: 'Top-up' })
    await walletService.debit(wallet.id, { amountMicros: 2_500_000, category: 'number_renewal', description: 'Number renewal' })
    await walletService.adjust(wallet.id, -USD(1), 'Correction', null)
    await walletService.debit(wallet.id, { amountMicros: 123_456, category: 'sms', description: 'SMS' })
    const all = await LedgerEntry.query().where('wallet_id', wallet.id).orderBy('id')
    return { before, during: all.slice(2, -1).map((e) => e.id) }
  })
  await dateEntries(ids.before, start.minus({ days: 10 }))
  await dateEntries(ids.during, start.plus({ days: 9, hours: 3 }))
  return reload(tenant, wallet.id)
}

const snapshotOf = async (tenant: Tenant) => (await tenancy.resolver.snapshot(tenant.id))!
const period = previousPeriod()

test.group('Invoices: statements from the ledger', () => {
  test('a statement adds up to the ledger: opening + credits - debits = closing', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const wallet = await walletWithHistory(tenant, member, period)
    const statement = await runForTenant(tenant, () => statements.compute(wallet, period))

    const { start, end } = periodBounds(period)
    const entries = await runForTenant(tenant, () => LedgerEntry.query().where('wallet_id', wallet.id).orderBy('id'))
    const inMonth = entries.filter((e) => e.createdAt >= start && e.createdAt < end && !['hold', 'release'].includes(e.kind))
    const before = entries.filter((e) => e.createdAt < start)
    const credits = inMonth.filter((e) => e.amountMicros > 0).reduce((sum, e) => sum + e.amountMicros, 0)
    const debits = inMonth.filter((e) => e.amountMicros < 0).reduce((sum, e) => sum - e.amountMicros, 0)

    assert.equal(statement.openingBalanceMicros, before.at(-1)!.balanceAfterMicros)
    assert.equal(statement.openingBalanceMicros, USD(26))
    assert.equal(statement.creditsMicros, credits)
    assert.equal(statement.debitsMicros, debits)
    assert.equal(statement.creditsMicros, USD(10))
    assert.equal(statement.debitsMicros, 750_000 + 2_500_000 + USD(1))
    assert.equal(statement.openingBalanceMicros + statement.creditsMicros - statement.debitsMicros, statement.closingBalanceMicros)
    assert.equal(statement.closingBalanceMicros, 31_750_000)
    assert.notEqual(wallet.balanceMicros, statement.closingBalanceMicros, 'activity after the month is not in it')
    assert.deepEqual(statement.totals, {
      recharge: { count: 1, creditsMicros: USD(10), debitsMicros: 0 },
      call: { count: 1, creditsMicros: 0, debitsMicros: 750_000 },
      number_renewal: { count: 1, creditsMicros: 0, debitsMicros: 2_500_000 },
      adjustment: { count: 1, creditsMicros: 0, debitsMicros: USD(1) },
    })
  })

  test('generation is idempotent, numbers invoices per brand and refuses a month that has not ended', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    const snapshot = await snapshotOf(tenant)
    await walletWithHistory(tenant, member, period)
    const idle = await runForTenant(tenant, async () => {
      const user = await User.create({ email: 'idle@invoices.test', password: 'x-long-password', role: 'user', status: 'active' })
      return walletService.forUser(user.id, 'USD')
    })
    await db.from('wallets').where('id', idle.id).update({ created_at: dbTime(periodBounds(period).start) })

    const first = await invoices.generate(snapshot, period)
    assert.deepEqual(first, { created: 1, existing: 0, skipped: 1 }, 'a wallet with no ledger entries has nothing to state')
    const [again, twice] = await Promise.all([invoices.generate(snapshot, period), invoices.generate(snapshot, period)])
    assert.equal(again.created + twice.created, 0)
    const rows = await runForTenant(tenant, () => Invoice.query())
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].number, `${tenant.slug.toUpperCase()}-${period.replace('-', '')}-000001`)
    assert.equal(rows[0].issuer.legalEntity, `Brand ${tenant.slug} Ltd`)
    assert.equal(rows[0].customer.email, member.email)

    const thisMonth = DateTime.utc().toFormat('yyyy-MM')
    await assert.rejects(() => invoices.generate(snapshot, thisMonth), InvalidPeriodException)
    await assert.rejects(() => invoices.generate(snapshot, '2026-13'), InvalidPeriodException)
  })

  test('invoices:generate issues last month\'s invoices once', async ({ assert }) => {
    const { tenant, member } = await throwawayBrand()
    await walletWithHistory(tenant, member, period)
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')
    const run = await ace.exec('invoices:generate', [`--tenant=${tenant.slug}`])
    run.assertSucceeded()
    run.assertLogMatches(new RegExp(`${tenant.slug} ${period}: 1 issued, 0 already issued`))
    const rerun = await ace.exec('invoices:generate', [`--tenant=${tenant.slug}`, `--period=${period}`])
    rerun.assertLogMatches(new RegExp(`${tenant.slug} ${period}: 0 issued, 1 already issued`))
    assert.lengthOf(await runForTenant(tenant, () => Invoice.query()), 1)
    const unknown = await ace.exec('invoices:generate', ['--tenant=no-such-brand'])
    assert.equal(unknown.exitCode, 1)
  })
})

test.group('Invoices: API and portal', () => {
  test('the API lists the user\'s invoices and serves each as a branded PDF', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand({ support: { email: 'billing@pdf.test', phone: '+1 555 0199' } })
    await walletWithHistory(tenant, member, period)
    await invoices.generate(await snapshotOf(tenant), period)
    const token = await tokenFor(member)

    const list = await client.get('/api/v1/invoices').header('host', host).bearerToken(token)
    list.assertStatus(200)
    assert.equal(list.body().meta.total, 1)
    const [listed] = list.body().data
    assert.equal(listed.period, period)
    assert.deepEqual(listed.closingBalance, { micros: 31_750_000, amount: '31.75', currency: 'USD' })
    assert.equal(listed.downloadUrl, `/api/v1/invoices/${listed.id}/download`)
    const one = await client.get(`/api/v1/invoices/${listed.id}`).header('host', host).bearerToken(token)
    assert.equal(one.body().data.number, listed.number)

    const pdf = await client.get(listed.downloadUrl).header('host', host).bearerToken(token)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    assert.equal(pdf.header('content-disposition'), `attachment; filename="${listed.number}.pdf"`)
    const body = pdf.body() as Buffer
    assert.isTrue(Buffer.isBuffer(body))
    assert.equal(body.subarray(0, 5).toString(), '%PDF-')
    const text = pdfText(body)
    for (const expected of [`Brand ${tenant.slug} Ltd`, listed.number, 'billing@pdf.test', member.email, formatMicros(31_750_000, 'USD'), formatMicros(26_000_000, 'USD'), 'Number renewals']) {
      assert.include(text, expected)
    }
    const again = await client.get(listed.downloadUrl).header('host', host).bearerToken(token)
    assert.isTrue(body.equals(again.body() as Buffer), 'the same invoice renders the same bytes')
  })

  test('another user\'s or another brand\'s invoice is a 404', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    await walletWithHistory(tenant, member, period)
    await invoices.generate(await snapshotOf(tenant), period)
    const mine = (await runForTenant(tenant, () => Invoice.query().firstOrFail())).id

    const colleague = await runForTenant(tenant, () =>
      User.create({ email: 'colleague@invoices.test', password: 'x-long-password', role: 'user', status: 'active' })
    )
    const colleagueToken = await tokenFor(colleague)
    for (const url of [`/api/v1/invoices/${mine}`, `/api/v1/invoices/${mine}/download`]) {
      const response = await client.get(url).header('host', host).bearerToken(colleagueToken)
      response.assertStatus(404)
      assert.equal(response.body().error.code, 'NOT_FOUND')
    }
    assert.lengthOf((await client.get('/api/v1/invoices').header('host', host).bearerToken(colleagueToken)).body().data, 0)
    const page = await client.get(`/portal/invoices/${mine}/download`).header('host', host).withGuard('web').loginAs(colleague)
    page.assertStatus(404)

    const gus = await userOf('globex', 'gus@globex.test')
    const gusToken = await tokenFor(gus)
    const onGlobex = await client.get(`/api/v1/invoices/${mine}`).header('host', GLOBEX).bearerToken(gusToken)
    onGlobex.assertStatus(404)
    const foreignToken = await client.get('/api/v1/invoices').header('host', host).bearerToken(gusToken)
    foreignToken.assertStatus(401)
    const ann = await userOf('acme', 'ann@acme.test')
    const acmePage = await client.get(`/portal/invoices/${mine}/download`).header('host', ACME).withGuard('web').loginAs(ann)
    acmePage.assertStatus(404)
  })

  test('the portal lists invoices and downloads the PDF', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    await walletWithHistory(tenant, member, period)
    await invoices.generate(await snapshotOf(tenant), period)
    const invoice = await runForTenant(tenant, () => Invoice.query().firstOrFail())

    const page = await client.get('/portal/invoices').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    assert.include(page.text(), invoice.number)
    assert.include(page.text(), `/portal/invoices/${invoice.id}/download`)
    assert.include(page.text(), formatMicros(31_750_000, 'USD'))

    const pdf = await client.get(`/portal/invoices/${invoice.id}/download`).header('host', host).withGuard('web').loginAs(member)
    pdf.assertStatus(200)
    assert.equal(pdf.header('content-type'), 'application/pdf')
    assert.include(pdfText(pdf.body() as Buffer), invoice.number)

    const guest = await client.get('/portal/invoices').header('host', host).redirects(0)
    guest.assertStatus(302)
    const wallet = await client.get('/portal/wallet').header('host', host).withGuard('web').loginAs(member)
    wallet.assertStatus(200)
    assert.include(wallet.text(), `/portal/invoices/${invoice.id}/download`)
  })

  test('brand staff list and download their customers\' invoices, and no other brand\'s', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    await walletWithHistory(tenant, member, period)
    await invoices.generate(await snapshotOf(tenant), period)
    const invoice = await runForTenant(tenant, () => Invoice.query().firstOrFail())
    const support = await addUser(tenant, 'support@invoices.test', 'support')

    for (const staff of [owner, support]) {
      const page = await client.get(`/admin/invoices?period=${period}`).header('host', host).withGuard('web').loginAs(staff)
      page.assertStatus(200)
      assert.include(page.text(), invoice.number)
      assert.include(page.text(), member.email)
      const pdf = await client.get(`/admin/invoices/${invoice.id}/download`).header('host', host).withGuard('web').loginAs(staff)
      pdf.assertStatus(200)
      assert.include(pdfText(pdf.body() as Buffer), invoice.number)
    }
    const otherMonth = await client.get('/admin/invoices?period=2001-01').header('host', host).withGuard('web').loginAs(owner)
    assert.notInclude(otherMonth.text(), invoice.number)
    const customer = await client.get('/admin/invoices').header('host', host).withGuard('web').loginAs(member)
    customer.assertStatus(403)

    const globexInvoice = await runForTenant(await brand('globex'), () => Invoice.query().firstOrFail())
    const foreign = await client.get(`/admin/invoices/${globexInvoice.id}/download`).header('host', host).withGuard('web').loginAs(owner)
    foreign.assertStatus(404)
  })

  test('the demo end users have last month\'s statement in their portal', async ({ client, assert }) => {
    const ann = await userOf('acme', 'ann@acme.test')
    const invoice = await runForTenant(await brand('acme'), () => Invoice.query().where('user_id', ann.id).where('period', period).firstOrFail())
    assert.equal(invoice.number, `ACME-${period.replace('-', '')}-000001`)
    assert.equal(invoice.openingBalanceMicros + invoice.creditsMicros - invoice.debitsMicros, invoice.closingBalanceMicros)
    assert.isAbove(invoice.creditsMicros, 0)
    const page = await client.get('/portal/invoices').header('host', ACME).withGuard('web').loginAs(ann)
    assert.include(page.text(), invoice.number)
    const gus = await userOf('globex', 'gus@globex.test')
    const euro = await runForTenant(await brand('globex'), () => Invoice.query().where('user_id', gus.id).firstOrFail())
    assert.equal(euro.currency, 'EUR')
  })
})
