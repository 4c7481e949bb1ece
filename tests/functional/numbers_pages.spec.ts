import { test } from '@japa/runner'
import PhoneNumber from '#models/phone_number'
import { runForTenant } from '#tenants/context'
import { GLOBEX, throwawayBrand, userOf } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'
import { freeNumbers, giveNumber, numbersOf, USD } from '#tests/functional/numbers_helpers'

const PRICED = { pricing: { numbers: [{ country: 'US', type: 'local', setupMicros: USD(1.5), monthlyMicros: USD(3) }] } }

test.group('Numbers pages: portal', () => {
  test('the page lists the user\'s numbers with primary, status, capabilities, renewal and price', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand()
    const primary = await giveNumber(tenant, member, { country: 'US', areaCode: '212', capabilities: ['mms'] })
    const second = await giveNumber(tenant, member)
    const page = await client.get('/portal/numbers').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, `data-number-row="${primary.e164}"`)
    assert.include(html, `data-number-row="${second.e164}"`)
    assert.include(html, 'data-primary-badge')
    assert.include(html, '+1 212')
    assert.include(html, 'New York')
    assert.include(html, 'data-capability="mms"')
    assert.include(html, primary.renewsAt!.toFormat('d LLL yyyy'))
    assert.include(html, '$2.00')
    assert.include(html, '$4.00')
    assert.include(html, `data-make-primary="${second.e164}"`)
    assert.notInclude(html, `data-make-primary="${primary.e164}"`)
    assert.include(html, `data-confirm-release="${primary.e164}"`)
    assert.include(html, 'data-search-form')
    assert.include(html, 'You hold 2 of 5 numbers')
  })

  test('the search form offers the brand\'s countries and shows priced results with Buy buttons', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand(PRICED)
    const page = await client.get('/portal/numbers?country=US&type=local&areaCode=415&capabilities=sms&pattern=').header('host', host).withGuard('web').loginAs(member)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, '<option value="CA"')
    assert.include(html, 'data-results')
    const buttons = [...html.matchAll(/data-buy="(\+1415\d{7})"/g)]
    assert.isAbove(buttons.length, 5)
    assert.include(html, 'Buy for $4.50')
    assert.include(html, '$1.50')

    const globex = await client.get('/portal/numbers').header('host', GLOBEX).withGuard('web').loginAs(await userOf('globex', 'gus@globex.test'))
    assert.match(globex.text(), /<option value="DE"[^>]*>DE<\/option>\s*<option value="FR"/)

    const wrong = await client.get('/portal/numbers?country=GB').header('host', host).withGuard('web').loginAs(member)
    wrong.assertStatus(200)
    assert.include(wrong.text(), 'data-error-for="country"')
    assert.notInclude(wrong.text(), 'data-results')
  })

  test('Buy reserves and buys in one step and charges setup plus the first month', async ({ client, assert }) => {
    const { tenant, host, member } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(10))
    const [offer] = await freeNumbers({ country: 'US', areaCode: '415' })
    const response = await client
      .post('/portal/numbers/buy')
      .header('host', host)
      .withGuard('web')
      .loginAs(member)
      .withCsrfToken()
      .form({ e164: offer.e164, country: 'US', areaCode: '415' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/portal/numbers')
    assert.include(response.flashMessages().success, 'is yours and is your primary number')
    const [number] = await numbersOf(tenant, member.id)
    assert.equal(number.e164, offer.e164)
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(5.5))
    assert.lengthOf((await ledgerOf(tenant, wallet.id)).filter((e) => e.category === 'number_purchase' && e.kind === 'debit'), 1)
  })

  test('a number someone holds, too little money or a malformed number come back as a clear message, nothing charged', async ({ client, assert }) => {
    const { tenant, host, member, owner } = await throwawayBrand(PRICED)
    const wallet = await fundedWallet(tenant, member, USD(2))
    const taken = await giveNumber(tenant, owner, { country: 'US', areaCode: '312' })
    const [offer] = await freeNumbers({ country: 'US', areaCode: '312' })
    const buy = (e164: string) =>
      client.post('/portal/numbers/buy').header('host', host).withGuard('web').loginAs(member).withCsrfToken().form({ e164, country: 'US', areaCode: '312' }).redirects(0)

    const held = await buy(taken.e164)
    assert.equal(held.header('location'), '/portal/numbers?country=US&areaCode=312')
    assert.include(held.flashMessages().error, 'is not available')
    assert.include(held.flashMessages().error, 'Nothing was charged.')

    const poor = await buy(offer.e164)
    assert.include(poor.flashMessages().error, 'Your wallet does not cover this number: it costs $4.50 now and $2.00 is available')
    const malformed = await buy('+1 312 00')
    assert.include(malformed.flashMessages().error, 'valid phone number')
    assert.equal((await reload(tenant, wallet.id)).balanceMicros, USD(2))
    assert.lengthOf(await numbersOf(tenant, member.id), 0)
  })

  test('primary, on/off and release work from the page; another user\'s number is a 404', async ({ client, assert }) => {
    const { tenant, host, member, owner } = await throwawayBrand()
    const first = await giveNumber(tenant, member)
    const second = await giveNumber(tenant, member)
    const others = await giveNumber(tenant, owner)
    const send = (method: 'put' | 'delete', url: string, form: Record<string, string> = {}) =>
      client[method](url).header('host', host).withGuard('web').loginAs(member).withCsrfToken().form(form).redirects(0)

    const primary = await send('put', `/portal/numbers/${second.id}/primary`)
    assert.include(primary.flashMessages().success, 'is now your primary number')
    const off = await send('put', `/portal/numbers/${first.id}/status`, { status: 'disabled' })
    assert.include(off.flashMessages().success, 'is off')
    const released = await send('delete', `/portal/numbers/${second.id}`)
    assert.include(released.flashMessages().success, 'has been released')

    const rows = await runForTenant(tenant, () => PhoneNumber.query().whereIn('id', [first.id, second.id]).orderBy('id'))
    assert.deepEqual(rows.map((r) => [r.status, r.isPrimary]), [['disabled', true], ['quarantined', false]])

    for (const [method, url] of [['put', `/portal/numbers/${others.id}/primary`], ['delete', `/portal/numbers/${others.id}`]] as const) {
      ;(await send(method, url)).assertStatus(404)
    }
    const page = await client.get('/portal/numbers').header('host', host).withGuard('web').loginAs(member)
    assert.notInclude(page.text(), others.e164)
    assert.notInclude(page.text(), second.e164)
  })

  test('the page needs a signed-in user', async ({ client, assert }) => {
    const { host } = await throwawayBrand()
    const response = await client.get('/portal/numbers').header('host', host).redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/portal/login')
  })
})

test.group('Numbers pages: admin', () => {
  test('the inventory shows the brand\'s numbers with holder, status, renewal, price and cost; not to end users', async ({ client, assert }) => {
    const a = await throwawayBrand()
    const b = await throwawayBrand()
    const number = await giveNumber(a.tenant, a.member)
    const foreign = await giveNumber(b.tenant, b.member)
    const page = await client.get('/admin/numbers').header('host', a.host).withGuard('web').loginAs(a.owner)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, `data-inventory-row="${number.e164}"`)
    assert.include(html, a.member.email)
    assert.include(html, '$4.00')
    assert.include(html, '$1.20')
    assert.include(html, number.renewsAt!.toFormat('d LLL yyyy'))
    assert.notInclude(html, foreign.e164)

    const filtered = await client.get('/admin/numbers?status=quarantined').header('host', a.host).withGuard('web').loginAs(a.owner)
    assert.notInclude(filtered.text(), `data-inventory-row="${number.e164}"`)

    const endUser = await client.get('/admin/numbers').header('host', a.host).withGuard('web').loginAs(a.member)
    endUser.assertStatus(403)
  })
})
