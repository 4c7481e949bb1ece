/// <reference lib="dom" />
/**
 * The portal dialer in a real browser: a customer types a number on the keypad, calls, and
 * watches the status line go ringing -> answered -> ended with the charge, fed by the live
 * events stream; a long call is hung up from the page; a bad number is refused on the field.
 */
import { test } from '@japa/runner'
import voice from '#telephony/voice/manager'
import { throwawayBrand, DEMO_PASSWORD } from '#tests/helpers'
import { fundedWallet } from '#tests/money_helpers'
import { RecordingSwitch } from '#tests/dialer_helpers'
import { numberFor } from '#tests/call_helpers'
import { submitLogin, testPort } from './helpers.js'

test.group('Dialer in the browser', (group) => {
  let sw: RecordingSwitch
  group.each.setup(() => {
    sw = voice.fake(new RecordingSwitch({ ringMs: 400, talkSeconds: 8, msPerSecond: 150 })) as RecordingSwitch
    return async () => {
      sw.close()
      await voice.restore()
    }
  })

  test('a customer calls from the keypad and sees it ring, answer and end with its charge; hangs up a second call', async ({ visit, assert }) => {
    const { host, tenant, member } = await throwawayBrand()
    const number = await numberFor(tenant, member, { isPrimary: true })
    await fundedWallet(tenant, member, 5_000_000)
    const base = `http://${host}:${testPort()}`

    const page = await visit(`${base}/portal/login`)
    page.setDefaultTimeout(10_000)
    await submitLogin(page, member.email, DEMO_PASSWORD)
    await page.waitForURL(/\/portal$/)
    await page.goto(`${base}/portal/dialer`)

    const dialer = page.locator('[data-dialer]')
    const status = dialer.locator('[data-call-status]')
    assert.equal(await dialer.locator('[data-caller-id]').inputValue(), number.e164)
    await dialer.locator('[data-dial-input]').fill('12')
    await dialer.locator('[data-call-button]').click()
    await dialer.locator('[data-dial-error]').waitFor({ state: 'visible' })
    assert.include(await dialer.locator('[data-dial-error]').innerText(), 'valid phone number')
    assert.lengthOf(sw.originated, 0)

    await dialer.locator('[data-dial-input]').fill('')
    for (const key of '+12125550147') await dialer.locator(`[data-key="${key}"]`).click()
    assert.equal(await dialer.locator('[data-dial-input]').inputValue(), '+12125550147')
    await dialer.locator('[data-call-button]').click()
    await page.waitForSelector('[data-call-status][data-state="ringing"]')
    assert.include(await status.innerText(), '+12125550147')
    await page.waitForSelector('[data-call-status][data-state="answered"]')
    await page.waitForSelector('[data-call-status][data-state="ended"]')
    const ended = await status.innerText()
    assert.match(ended, /Ended · \+12125550147 · 0:08 · \$0\.\d+/)
    assert.isFalse(await dialer.locator('[data-call-button]').isDisabled())

    sw.timeline.talkSeconds = 3600
    await dialer.locator('[data-call-button]').click()
    await page.waitForSelector('[data-call-status][data-state="answered"]')
    await dialer.locator('[data-hangup-button]').click()
    await page.waitForSelector('[data-call-status][data-state="ended"]')
    assert.lengthOf(sw.originated, 2)
    assert.isTrue(await dialer.locator('[data-hangup-button]').isHidden())
  })
})
