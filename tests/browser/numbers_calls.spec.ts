/// <reference lib="dom" />
/**
 * The voice promise end to end in a real browser: a new customer with a funded wallet finds a
 * number, buys it (charged exactly the setup fee and first month), then calls from the portal
 * on the simulated switch and sees the call ring, answer and end with its charge, and the call
 * listed in the history with the same charge the wallet paid.
 */
import { test } from '@japa/runner'
import voice from '#telephony/voice/manager'
import Call from '#models/call'
import PhoneNumber from '#models/phone_number'
import { runForTenant } from '#tenants/context'
import { throwawayBrand, DEMO_PASSWORD } from '#tests/helpers'
import { fundedWallet, reload } from '#tests/money_helpers'
import { RecordingSwitch } from '#tests/dialer_helpers'
import { submitLogin, testPort } from './helpers.js'

test.group('Numbers and calls in the browser', (group) => {
  let sw: RecordingSwitch
  group.each.setup(() => {
    sw = voice.fake(new RecordingSwitch({ ringMs: 300, talkSeconds: 42, msPerSecond: 20 })) as RecordingSwitch
    return async () => {
      sw.close()
      await voice.restore()
    }
  })

  test('a new customer buys a number and places a call from it', async ({ visit, assert }) => {
    const { host, tenant, member } = await throwawayBrand()
    const wallet = await fundedWallet(tenant, member, 20_000_000)
    const base = `http://${host}:${testPort()}`

    const page = await visit(`${base}/portal/login`)
    page.setDefaultTimeout(10_000)
    await submitLogin(page, member.email, DEMO_PASSWORD)
    await page.waitForURL(/\/portal$/)

    await page.goto(`${base}/portal/numbers`)
    assert.isTrue(await page.locator('[data-no-numbers]').isVisible())
    const search = page.locator('[data-search-form]')
    await search.locator('select[name="country"]').selectOption('US')
    await search.locator('select[name="type"]').selectOption('local')
    await search.locator('input[name="areaCode"]').fill('212')
    await search.locator('button[type="submit"]').click()
    const offer = page.locator('[data-offer]').first()
    await offer.waitFor()
    const e164 = (await offer.getAttribute('data-offer'))!
    assert.match(e164, /^\+1212\d{7}$/)
    await offer.locator('[data-buy]').click()

    const row = page.locator(`[data-number-row="${e164}"]`)
    await row.waitFor()
    assert.equal(await row.getAttribute('data-primary'), 'true')
    const bought = await runForTenant(tenant, () => PhoneNumber.findByOrFail('e164', e164))
    const afterPurchase = await reload(tenant, wallet.id)
    assert.equal(afterPurchase.balanceMicros, 20_000_000 - bought.setupPriceMicros - bought.monthlyPriceMicros)

    await page.goto(`${base}/portal/calls`)
    const dialer = page.locator('[data-dialer]')
    assert.equal(await dialer.locator('[data-caller-id]').inputValue(), e164)
    await dialer.locator('[data-dial-input]').fill('+12025550143')
    await dialer.locator('[data-call-button]').click()
    await page.waitForSelector('[data-call-status][data-state="ringing"]')
    await page.waitForSelector('[data-call-status][data-state="answered"]')
    await page.waitForSelector('[data-call-status][data-state="ended"]')
    assert.match(await dialer.locator('[data-call-status]').innerText(), /Ended · \+12025550143 · 0:42 · \$0\.\d+/)

    const call = await runForTenant(tenant, () => Call.query().where('user_id', member.id).firstOrFail())
    assert.equal(call.status, 'completed')
    assert.equal(call.callerId, e164)
    assert.isAbove(call.chargedMicros!, 0)
    const afterCall = await reload(tenant, wallet.id)
    assert.equal(afterCall.balanceMicros, afterPurchase.balanceMicros - call.chargedMicros!)
    assert.equal(afterCall.heldMicros, 0)

    await page.reload()
    const history = page.locator('[data-call]').first()
    await history.waitFor()
    assert.include(await history.innerText(), '+12025550143')
  })
})
