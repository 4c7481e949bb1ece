/// <reference lib="dom" />
/**
 * A top-up as a customer does it: Ann logs in, opens her wallet, tops up with the brand's test
 * gateway, pays on the checkout page and comes back to a balance that grew by exactly that
 * much, with the recharge in her history.
 */
import { test } from '@japa/runner'
import { submitLogin, visitBrand, DEMO_PASSWORD } from './helpers.js'

/** "$25.00" -> 2500 (cents), read from the page as text. */
function cents(text: string) {
  const match = /(-?)[^\d-]*([\d,]+)\.(\d{2})/.exec(text)
  if (!match) throw new Error(`no amount in "${text}"`)
  return (match[1] ? -1 : 1) * (Number(match[2].replace(/,/g, '')) * 100 + Number(match[3]))
}

test.group('Wallet in the browser', () => {
  test('a customer tops up with the test gateway and sees the new balance', async ({ visit, assert }) => {
    const login = await visitBrand(visit, 'acme', '/portal/login')
    await submitLogin(login, 'ann@acme.test', DEMO_PASSWORD)
    await login.waitForURL(/\/portal$/)

    const wallet = await visitBrand(visit, 'acme', '/portal/wallet')
    const before = cents(await wallet.locator('[data-balance]').innerText())
    await wallet.locator('#f-recharge-amount').fill('12.34')
    await wallet.locator('[data-gateway-option="fake"] input').check()
    await wallet.locator('form[data-form="recharge"] button[type="submit"]').click()

    await wallet.waitForURL(/\/portal\/wallet\/checkout\/\d+/)
    assert.include(await wallet.locator('h1').innerText(), '12.34')
    await wallet.locator('[data-pay]').click()

    await wallet.waitForURL(/\/portal\/wallet(\?|$)/)
    assert.equal(cents(await wallet.locator('[data-balance]').innerText()), before + 1234)
    const latest = wallet.locator('[data-ledger] tbody tr').first()
    assert.equal(await latest.getAttribute('data-category'), 'recharge')
    assert.include(await latest.innerText(), '12.34')
  })
})
