/// <reference lib="dom" />
/**
 * The portal's messages in a real browser: a customer writes a text, watches the segment
 * counter and price follow the typing, sends it, and sees it become delivered and the
 * simulated handset's reply arrive, both over the live stream, without reloading. The outbox
 * runs in the test process, as it does in the quickstart's web process; the carrier is the
 * simulated SMSC of the brand's simulated model.
 */
import { test } from '@japa/runner'
import messaging from '#telephony/messaging/manager'
import { outboxRunner } from '#services/messaging/outbox'
import { DEMO_PASSWORD } from '#tests/helpers'
import { messagesOf, texter } from '#tests/messaging_helpers'
import { submitLogin, testPort } from './helpers.js'

test.group('Messages in the browser', (group) => {
  group.each.setup(() => {
    outboxRunner.start()
    return async () => {
      await outboxRunner.stop()
      await messaging.restore()
    }
  })

  test('a customer sends a text, sees the segments counted, then delivered and answered live', async ({ visit, assert }) => {
    const { host, tenant, member, number } = await texter()
    const base = `http://${host}:${testPort()}`
    const page = await visit(`${base}/portal/login`)
    page.setDefaultTimeout(10_000)
    await submitLogin(page, member.email, DEMO_PASSWORD)
    await page.waitForURL(/\/portal$/)
    await page.getByRole('link', { name: 'Messages' }).click()
    await page.waitForURL(/\/portal\/messages$/)

    const composer = page.locator('[data-new-message] [data-composer]')
    const counter = composer.locator('[data-segment-counter]')
    assert.equal(await composer.locator('[data-composer-from]').inputValue(), number.e164)
    await composer.locator('[data-composer-to]').fill('+14155550142')
    await composer.locator('[data-composer-body]').fill('Hello from the browser')
    await page.waitForFunction(() => document.querySelector('[data-segment-counter]')?.textContent?.includes('22 characters'))
    assert.include(await counter.innerText(), '1 segment')
    assert.match(await counter.locator('[data-price]').innerText(), /^\$0\.\d+ to send$/)

    const long = 'Running late, the train is stuck outside the station. '.repeat(4).trim()
    await composer.locator('[data-composer-body]').fill(long)
    await page.waitForSelector('[data-segment-counter][data-segment-count="2"]')
    assert.include(await counter.innerText(), '2 segments')
    assert.include(await counter.innerText(), 'GSM-7')

    await composer.locator('[data-send]').click()
    await page.waitForURL(/\/portal\/messages\/%2B14155550142$/)
    const sent = page.locator('[data-thread-messages] [data-direction="outbound"]')
    assert.include(await sent.locator('[data-body]').innerText(), 'Running late')
    const loaded = await page.evaluate(() => performance.getEntriesByType('navigation').length)

    await page.waitForSelector('[data-thread-messages] [data-direction="outbound"][data-status="delivered"]')
    assert.equal(await sent.locator('[data-status-label]').innerText(), 'delivered')
    const reply = page.locator('[data-thread-messages] [data-direction="inbound"]')
    await reply.waitFor()
    assert.include(await reply.locator('[data-body]').innerText(), 'simulated reply')
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), loaded)

    const stored = await messagesOf(tenant, member)
    assert.deepEqual(
      stored.map((message) => [message.direction, message.status]),
      [
        ['outbound', 'delivered'],
        ['inbound', 'received'],
      ]
    )
    assert.equal(stored[0].segments, 2)
  })
})
