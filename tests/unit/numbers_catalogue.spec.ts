import { test } from '@japa/runner'
import { SimulatedNumbersDriver } from '#telephony/drivers/simulated_numbers_driver'
import { simulatedCatalogue } from '#telephony/numbers/simulated_catalogue'
import { vanityDigits } from '#telephony/numbers/vanity'
import { NumberProviderManager } from '#telephony/numbers/manager'
import { NumberUnavailableError, type NumberType } from '#telephony/types'
import { countryOfE164, toE164, typeOfE164 } from '#services/phone'
import { defaultConfig } from '#tenants/config/defaults'

const driver = new SimulatedNumbersDriver()
const LIBPHONENUMBER_TYPES: Record<NumberType, string[]> = {
  local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  mobile: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  toll_free: ['TOLL_FREE'],
}

test.group('Numbers: vanity patterns', () => {
  test('letters become keypad digits, digits stay, anything else is refused', ({ assert }) => {
    assert.equal(vanityDigits('CALL'), '2255')
    assert.equal(vanityDigits('call'), '2255')
    assert.equal(vanityDigits('FLOWERS'), '3569377')
    assert.equal(vanityDigits('PQRS'), '7777')
    assert.equal(vanityDigits('WXYZ'), '9999')
    assert.equal(vanityDigits('4CASH'), '42274')
    assert.isNull(vanityDigits('CALL-ME'))
    assert.isNull(vanityDigits('*22'))
    assert.isNull(vanityDigits(''))
  })
})

test.group('Numbers: the simulated stock', () => {
  test('every number is valid for libphonenumber, of its type and country, and listed once', ({ assert }) => {
    const stock = simulatedCatalogue()
    assert.isAbove(stock.length, 1000)
    assert.equal(new Set(stock.map(({ offer }) => offer.e164)).size, stock.length)
    for (const { offer, national } of stock) {
      assert.equal(toE164(offer.e164), offer.e164, offer.e164)
      assert.isTrue(LIBPHONENUMBER_TYPES[offer.type].includes(typeOfE164(offer.e164) ?? ''), offer.e164)
      assert.isTrue(offer.e164.endsWith(national))
      /** NANP toll-free codes are shared: libphonenumber files them under US. */
      const filedUnder = offer.country === 'CA' && offer.type === 'toll_free' ? 'US' : offer.country
      assert.equal(countryOfE164(offer.e164), filedUnder, offer.e164)
      assert.notEqual(national.slice(3, 6), offer.country === 'US' || offer.country === 'CA' ? '555' : 'never')
    }
  })

  test('it sells several countries and types, with capabilities that differ as carriers do', ({ assert }) => {
    const kinds = new Set(simulatedCatalogue().map(({ offer }) => `${offer.country}:${offer.type}`))
    for (const kind of ['US:local', 'US:toll_free', 'CA:local', 'CA:toll_free', 'GB:local', 'GB:mobile', 'GB:toll_free', 'DE:local', 'DE:mobile', 'DE:toll_free', 'FR:local', 'FR:mobile', 'FR:toll_free']) {
      assert.isTrue(kinds.has(kind), kind)
    }
    const offers = simulatedCatalogue().map(({ offer }) => offer)
    assert.isFalse(offers.some((o) => o.type === 'toll_free' && o.capabilities.mms), 'no toll-free number takes MMS')
    assert.isTrue(offers.some((o) => o.country === 'US' && o.type === 'local' && o.capabilities.mms))
    assert.isTrue(offers.some((o) => o.country === 'US' && o.type === 'local' && !o.capabilities.mms))
    assert.isTrue(offers.some((o) => o.country === 'GB' && o.type === 'mobile' && o.capabilities.sms))
    assert.isFalse(offers.some((o) => o.country === 'DE' && o.type === 'local' && o.capabilities.sms), 'German landlines take no SMS')
    assert.isTrue(offers.every((o) => o.capabilities.voice))
    const sf = offers.find((o) => o.e164.startsWith('+1415'))!
    assert.deepInclude(sf, { country: 'US', type: 'local', region: 'CA', locality: 'San Francisco', provider: 'simulated' })
  })

  test('the stock is the same on every machine and run', ({ assert }) => {
    const e164s = simulatedCatalogue().map(({ offer }) => offer.e164)
    assert.include(e164s, '+12135372255')
    assert.include(e164s, '+4915151862255')
    assert.equal(e164s[0].slice(0, 5), '+1415')
  })
})

test.group('Numbers: searching the simulated stock', () => {
  test('filters by country, type, area code, region and capabilities', async ({ assert }) => {
    const sf = await driver.search({ country: 'US', areaCode: '415', limit: 100 })
    assert.lengthOf(sf, 24)
    assert.isTrue(sf.every((o) => o.e164.startsWith('+1415') && o.locality === 'San Francisco'))

    const ny = await driver.search({ country: 'us', region: 'ny', limit: 100 })
    assert.deepEqual([...new Set(ny.map((o) => o.locality))].sort(), ['Brooklyn', 'New York'])

    const tollFree = await driver.search({ country: 'GB', type: 'toll_free' })
    assert.isNotEmpty(tollFree)
    assert.isTrue(tollFree.every((o) => o.type === 'toll_free' && o.country === 'GB'))

    const mms = await driver.search({ country: 'US', type: 'local', capabilities: ['sms', 'mms'], limit: 100 })
    assert.isTrue(mms.every((o) => o.capabilities.sms && o.capabilities.mms))
    assert.isEmpty(await driver.search({ country: 'US', type: 'toll_free', capabilities: ['mms'] }))
    assert.isEmpty(await driver.search({ country: 'JP' }))
  })

  test('a vanity pattern matches its keypad digits anywhere in the national number', async ({ assert }) => {
    const found = await driver.search({ country: 'US', contains: 'CALL', limit: 100 })
    assert.isAbove(found.length, 5)
    assert.isTrue(found.every((o) => o.e164.slice(2).includes('2255')))
    assert.deepEqual(
      (await driver.search({ country: 'US', contains: '2255', limit: 100 })).map((o) => o.e164),
      found.map((o) => o.e164)
    )
    assert.isEmpty(await driver.search({ country: 'US', contains: 'CALL-ME' }))
  })

  test('the limit caps results; any stocked number can be ordered, others cannot', async ({ assert }) => {
    assert.lengthOf(await driver.search({ country: 'DE', limit: 3 }), 3)
    assert.lengthOf(await driver.search({ country: 'US' }), 20)
    const [offer] = await driver.search({ country: 'FR', type: 'mobile', limit: 1 })
    const ordered = await driver.order(offer.e164)
    assert.equal(ordered.e164, offer.e164)
    assert.match(ordered.providerRef, /^sim_[0-9a-f]{16}$/)
    await assert.rejects(() => driver.order('+14155550123'), NumberUnavailableError as any)
  })
})

test.group('Numbers: the provider manager', () => {
  test('simulated brands get the simulated stock; an unknown provider names the config file to fix', async ({ assert }) => {
    const manager = new NumberProviderManager()
    const brand = { config: defaultConfig() }
    const provider = await manager.for(brand)
    assert.equal(provider.name, 'simulated')
    assert.strictEqual(await manager.use('simulated'), provider, 'instances are cached')
    await assert.rejects(() => manager.use('bandwidth'), /config\/telephony\.ts/)
  })

  test('fake() swaps every provider until restore()', async ({ assert }) => {
    const manager = new NumberProviderManager()
    const fake = { name: 'fake', search: async () => [], order: async (e164: string) => ({ e164, providerRef: 'x' }), release: async () => {} }
    manager.fake(fake)
    assert.strictEqual(await manager.use('simulated'), fake)
    assert.strictEqual(await manager.for({ config: { ...defaultConfig(), telephony: { ...defaultConfig().telephony, model: 'saas' } } }), fake)
    manager.restore()
    assert.equal((await manager.use('simulated')).name, 'simulated')
  })
})
