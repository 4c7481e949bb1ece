import { test } from '@japa/runner'
import { TelnyxNumbersDriver } from '#telephony/drivers/telnyx_numbers_driver'
import { NumberProviderUnavailableError } from '#telephony/numbers/errors'
import { NumberUnavailableError } from '#telephony/types'
import { TelnyxStandIn } from '#tests/stand_ins/telnyx_api'

/** A stand-in with a few numbers in stock, and a driver pointed at it. */
async function setup(cleanup: (fn: () => Promise<void>) => void) {
  const standIn = new TelnyxStandIn()
  const baseUrl = await standIn.start()
  cleanup(() => standIn.stop())
  standIn.add(
    { e164: '+16188850188', type: 'local', features: ['emergency', 'fax', 'voice', 'sms'], state: 'IL', rateCenter: 'DOW' },
    { e164: '+14155552255', type: 'local', features: ['voice', 'sms', 'mms'], state: 'CA', rateCenter: 'SAN FRANCISCO' },
    { e164: '+18332342255', type: 'toll_free', features: ['voice', 'sms'] },
    { e164: '+442071234567', type: 'local', features: ['voice'] }
  )
  const driver = new TelnyxNumbersDriver({ apiKey: standIn.apiKey, baseUrl, timeoutMs: 500 })
  return { standIn, driver, baseUrl }
}

test.group('Numbers: the Telnyx driver against a stand-in', () => {
  test('search sends Telnyx filters with the Bearer key and reads its response shape', async ({ assert, cleanup }) => {
    const { standIn, driver } = await setup(cleanup)
    const found = await driver.search({ country: 'us', type: 'local', areaCode: '415', region: 'CA', capabilities: ['sms', 'mms'], contains: 'CALL', limit: 5 })
    assert.deepEqual(found, [
      {
        e164: '+14155552255',
        country: 'US',
        type: 'local',
        region: 'CA',
        locality: 'SAN FRANCISCO',
        capabilities: { voice: true, sms: true, mms: true },
        provider: 'telnyx',
      },
    ])
    const [request] = standIn.calls('GET', '/v2/available_phone_numbers')
    assert.equal(request.authorization, `Bearer ${standIn.apiKey}`)
    assert.equal(request.query.get('filter[country_code]'), 'US')
    assert.equal(request.query.get('filter[phone_number_type]'), 'local')
    assert.equal(request.query.get('filter[national_destination_code]'), '415')
    assert.equal(request.query.get('filter[administrative_area]'), 'CA')
    assert.deepEqual(request.query.getAll('filter[features][]'), ['sms', 'mms'])
    assert.equal(request.query.get('filter[phone_number][contains]'), '2255')
    assert.equal(request.query.get('filter[limit]'), '5')
  })

  test('the fixture\'s own number keeps its features and regions; the type comes from libphonenumber when not asked', async ({ assert, cleanup }) => {
    const { driver } = await setup(cleanup)
    const found = await driver.search({ country: 'US', areaCode: '618' })
    assert.deepEqual(found[0], {
      e164: '+16188850188',
      country: 'US',
      type: 'local',
      region: 'IL',
      locality: 'DOW',
      capabilities: { voice: true, sms: true, mms: false },
      provider: 'telnyx',
    })
    const tollFree = await driver.search({ country: 'US', contains: '833' })
    assert.equal(tollFree[0].type, 'toll_free')
  })

  test('an order returns the order id; a number Telnyx no longer has is unavailable', async ({ assert, cleanup }) => {
    const { standIn, driver } = await setup(cleanup)
    const ordered = await driver.order('+16188850188')
    assert.equal(ordered.e164, '+16188850188')
    assert.match(ordered.providerRef, /^[0-9a-f-]{36}$/)
    assert.deepEqual(standIn.calls('POST', '/v2/number_orders')[0].body, { phone_numbers: [{ phone_number: '+16188850188' }] })
    assert.isFalse(standIn.stock.has('+16188850188'))
    await assert.rejects(() => driver.order('+16188850188'), NumberUnavailableError as any)
  })

  test('release finds the number\'s id and deletes it; releasing one Telnyx no longer lists is quiet', async ({ assert, cleanup }) => {
    const { standIn, driver } = await setup(cleanup)
    const ordered = await driver.order('+442071234567')
    const [id] = standIn.owned.keys()
    await driver.release(ordered)
    assert.equal(standIn.owned.size, 0)
    assert.equal(standIn.calls('GET', '/v2/phone_numbers')[0].query.get('filter[phone_number]'), '+442071234567')
    assert.lengthOf(standIn.calls('DELETE', `/v2/phone_numbers/${id}`), 1)
    await driver.release(ordered)
    assert.lengthOf(standIn.requests.filter((r) => r.method === 'DELETE'), 1)
  })

  test('5xx answers, a wrong key, a dead host and a hung one are a 502 GATEWAY_UNAVAILABLE', async ({ assert, cleanup }) => {
    const { standIn, driver, baseUrl } = await setup(cleanup)
    const expectUnavailable = async (work: () => Promise<unknown>) => {
      try {
        await work()
        assert.fail('expected a provider error')
      } catch (error) {
        assert.instanceOf(error, NumberProviderUnavailableError)
        assert.equal((error as NumberProviderUnavailableError).status, 502)
        assert.equal((error as NumberProviderUnavailableError).code, 'GATEWAY_UNAVAILABLE')
      }
    }
    standIn.failWith = 503
    await expectUnavailable(() => driver.order('+14155552255'))
    await expectUnavailable(() => driver.search({ country: 'US' }))
    standIn.failWith = null
    await expectUnavailable(() => new TelnyxNumbersDriver({ apiKey: 'wrong', baseUrl }).search({ country: 'US' }))
    standIn.hang = true
    const started = Date.now()
    await expectUnavailable(() => driver.order('+14155552255'))
    assert.isBelow(Date.now() - started, 3000)
    await expectUnavailable(() => new TelnyxNumbersDriver({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }).search({ country: 'US' }))
    assert.isTrue(standIn.stock.has('+14155552255'), 'nothing was bought')
  })
})
