import { test } from '@japa/runner'
import walletService from '#services/money/wallet_service'
import { runForTenant } from '#tenants/context'
import { addUser, throwawayBrand } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'

test.group('Wallet pages', () => {
  test('the portal wallet shows balance, holds and history without holds cluttering it', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, 12_500_000)
    await runForTenant(tenant, async () => {
      await walletService.debit(wallet.id, { amountMicros: 1_250_000, category: 'number_purchase', description: 'Number +14155550100' })
      await walletService.hold(wallet.id, { amountMicros: 2_000_000, category: 'call', description: 'Call in progress' })
    })
    const page = await client.get('/portal/wallet').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    assert.include(page.text(), '$11.25')
    assert.include(page.text(), 'Call in progress')
    assert.include(page.text(), 'Number +14155550100')
    assert.notInclude(page.text(), 'data-kind="hold"')
    const filtered = await client.get('/portal/wallet?category=adjustment').header('host', host).withGuard('web').loginAs(member)
    assert.notInclude(filtered.text(), 'Number +14155550100')
  })

  test('an admin adjusts a customer wallet from the admin with a reason; support cannot', async ({ client, assert }) => {
    const { tenant, host, owner, member } = await throwawayBrand()
    const response = await client
      .post(`/admin/users/${member.id}/wallet/adjustments`)
      .header('host', host)
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ amount: '7.50', reason: 'Sorry about the outage' })
      .redirects(0)
    response.assertStatus(302)
    const wallet = await runForTenant(tenant, () => walletService.forUser(member.id, 'USD'))
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, 7_500_000)
    const page = await client.get(`/admin/users/${member.id}/wallet`).header('host', host).withGuard('web').loginAs(owner)
    assert.include(page.text(), 'Sorry about the outage')

    const bad = await client
      .post(`/admin/users/${member.id}/wallet/adjustments`)
      .header('host', host)
      .withGuard('web')
      .loginAs(owner)
      .withCsrfToken()
      .form({ amount: '-100', reason: 'Too much' })
      .redirects(0)
    assert.include(bad.flashMessages().error, 'does not cover')
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, 7_500_000)

    const support = await addUser(tenant, `support@${tenant.slug}.test`, 'support')
    const refused = await client
      .post(`/admin/users/${member.id}/wallet/adjustments`)
      .header('host', host)
      .withGuard('web')
      .loginAs(support)
      .withCsrfToken()
      .form({ amount: '1.00', reason: 'Support tries' })
    refused.assertStatus(403)
    assert.lengthOf(await ledgerOf(tenant, wallet.id), 1)
  })
})
