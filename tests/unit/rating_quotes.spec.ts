import { test } from '@japa/runner'
import fc from 'fast-check'
import { defaultConfig } from '#tenants/config/defaults'
import { parseRateCsv } from '#services/rating/rate_csv'
import { indexDeck } from '#services/rating/deck_index'
import { ALWAYS } from '#services/rating/prefix_index'
import { NoRateError } from '#services/rating/errors'
import { RatingService } from '#services/rating/rater'
import {
  maxSecondsFrom,
  quoteCallFrom,
  quoteMessageFrom,
  quoteNumberFrom,
  retailVoiceIndex,
  type NumberCost,
  type Pricing,
} from '#services/rating/quotes'

const NOW = Date.parse('2026-06-01T12:00:00Z')
const SWITCH = Date.parse('2027-01-01T00:00:00Z')

function deckFrom(csv: string, increments = { firstIncrementSeconds: 1, nextIncrementSeconds: 1 }) {
  const { rows, errors } = parseRateCsv(csv)
  if (errors.length) throw new Error(JSON.stringify(errors))
  return indexDeck(rows, { id: 1, name: 'test', currency: 'USD', increments })
}

const DECK = deckFrom(
  [
    'service,prefix,rate,description,effective_from',
    'voice,1,0.006,US and Canada,',
    'voice,44,0.008,United Kingdom,',
    'voice,447,0.015,UK mobile,',
    'voice,447,0.017,UK mobile,2027-01-01T00:00:00Z',
    'voice,447624,0.22,Isle of Man mobile,',
    'sms,1,0.004,US and Canada,',
    'sms,44,0.03,United Kingdom,',
    'mms,1,0.01,US and Canada,',
  ].join('\n')
)

/** A price list: defaults with no explicit rates, overridden as a test needs. */
function pricing(overrides: Partial<Pricing> = {}): Pricing {
  const base = defaultConfig().pricing
  return {
    ...base,
    voice: [],
    markupBasisPoints: 2_500,
    markupFixedMicros: 0,
    billing: { firstIncrementSeconds: 1, nextIncrementSeconds: 1, minimumSeconds: 0, connectionFeeMicros: 0 },
    messaging: { smsPerSegmentMicros: null, mmsPerMessageMicros: null },
    ...overrides,
  }
}

const call = (destination: string, seconds: number, at = NOW) => ({ destination, seconds, at })

test.group('Rating: quotes', () => {
  test('with no explicit rate the price is the markup over the longest wholesale prefix', ({ assert }) => {
    const quote = quoteCallFrom(DECK, pricing(), call('+447911123456', 60))
    assert.include(quote, { costMicros: 15_000, priceMicros: 18_750, prefix: '447', source: 'markup', currency: 'USD' })
    assert.equal(quote.ratePerMinuteMicros, 18_750)
  })

  test('an explicit rate wins over the markup; the longest explicit prefix wins', ({ assert }) => {
    const list = pricing({
      voice: [
        { prefix: '44', description: 'UK', perMinuteMicros: 30_000, effectiveFrom: null },
        { prefix: '447', description: 'UK mobile', perMinuteMicros: 40_000, effectiveFrom: null },
      ],
    })
    assert.include(quoteCallFrom(DECK, list, call('+442071234567', 60)), { priceMicros: 30_000, prefix: '44', source: 'explicit', costMicros: 8_000 })
    assert.include(quoteCallFrom(DECK, list, call('+447911123456', 60)), { priceMicros: 40_000, prefix: '447', source: 'explicit' })
  })

  test('a short explicit rate does not sell a dearer, more specific destination at a loss', ({ assert }) => {
    const list = pricing({ voice: [{ prefix: '44', description: 'UK', perMinuteMicros: 30_000, effectiveFrom: null }] })
    const isleOfMan = quoteCallFrom(DECK, list, call('+447624123456', 60))
    assert.include(isleOfMan, { source: 'markup', prefix: '447624', costMicros: 220_000, priceMicros: 275_000 })
    assert.include(quoteCallFrom(DECK, list, call('+447911123456', 60)), { source: 'explicit', priceMicros: 30_000 })
  })

  test('wholesale and explicit rate changes take effect at their instant', ({ assert }) => {
    const list = pricing({
      voice: [
        { prefix: '1', description: 'US', perMinuteMicros: 10_000, effectiveFrom: null },
        { prefix: '1', description: 'US', perMinuteMicros: 12_000, effectiveFrom: '2027-01-01T00:00:00Z' },
      ],
    })
    assert.equal(quoteCallFrom(DECK, list, call('+12125550100', 60, SWITCH - 1)).priceMicros, 10_000)
    assert.equal(quoteCallFrom(DECK, list, call('+12125550100', 60, SWITCH)).priceMicros, 12_000)
    assert.equal(quoteCallFrom(DECK, pricing(), call('+447911123456', 60, SWITCH - 1)).costMicros, 15_000)
    assert.equal(quoteCallFrom(DECK, pricing(), call('+447911123456', 60, SWITCH)).costMicros, 17_000)
  })

  test('increments, minimum and connection fee shape the price; an unanswered call is free', ({ assert }) => {
    const list = pricing({
      voice: [{ prefix: '1', description: 'US', perMinuteMicros: 60_000, effectiveFrom: null }],
      billing: { firstIncrementSeconds: 30, nextIncrementSeconds: 6, minimumSeconds: 0, connectionFeeMicros: 5_000 },
    })
    assert.include(quoteCallFrom(DECK, list, call('+12125550100', 31)), { billableSeconds: 36, priceMicros: 36_000 + 5_000 })
    assert.include(quoteCallFrom(DECK, list, call('+12125550100', 0)), { billableSeconds: 0, priceMicros: 0, costMicros: 0 })
  })

  test('no deck, no matching prefix or a malformed number: NoRateError (422) naming the destination', ({ assert }) => {
    for (const [deck, destination] of [[null, '+12125550100'], [DECK, '+4912345678'], [DECK, 'not-a-number']] as const) {
      try {
        quoteCallFrom(deck, pricing(), call(destination, 60))
        assert.fail(`expected no rate for ${destination}`)
      } catch (error) {
        assert.instanceOf(error, NoRateError)
        assert.include(error as NoRateError, { status: 422, code: 'NO_RATE' })
        assert.include((error as Error).message, destination)
      }
    }
  })

  test('inbound calls are free, or charged per minute when the brand says so', ({ assert }) => {
    assert.include(quoteCallFrom(null, pricing(), { ...call('+12125550100', 125), direction: 'inbound' }), { priceMicros: 0, costMicros: 0 })
    const charged = pricing({
      inbound: { charged: true, perMinuteMicros: 6_000 },
      billing: { firstIncrementSeconds: 60, nextIncrementSeconds: 60, minimumSeconds: 0, connectionFeeMicros: 9_000 },
    })
    assert.include(quoteCallFrom(null, charged, { ...call('+12125550100', 125), direction: 'inbound' }), {
      priceMicros: 18_000,
      billableSeconds: 180,
      costMicros: 0,
    })
  })

  test('the talk time money buys is the longest call it can pay for', ({ assert }) => {
    const list = pricing({ billing: { firstIncrementSeconds: 6, nextIncrementSeconds: 6, minimumSeconds: 0, connectionFeeMicros: 1_000 } })
    const price = (seconds: number) => quoteCallFrom(DECK, list, call('+447911123456', seconds)).priceMicros
    const seconds = maxSecondsFrom(DECK, list, { destination: '+447911123456', availableMicros: 1_000_000, at: NOW }, 86_400)
    assert.isAtMost(price(seconds), 1_000_000)
    assert.isAbove(price(seconds + 1), 1_000_000)
    assert.equal(maxSecondsFrom(DECK, list, { destination: '+447911123456', availableMicros: 1_000, at: NOW }, 86_400), 0)
    const free = pricing({ voice: [{ prefix: '1', description: 'US', perMinuteMicros: 0, effectiveFrom: null }] })
    const cheapDeck = deckFrom('prefix,rate\n1,0')
    assert.equal(maxSecondsFrom(cheapDeck, free, { destination: '+12125550100', availableMicros: 0, at: NOW }, 86_400), 86_400)
  })

  test('messages: per segment and per message, explicit or marked up by country prefix', ({ assert }) => {
    const sms = quoteMessageFrom(DECK, pricing(), { service: 'sms', destination: '+447911123456', units: 3, at: NOW })
    assert.include(sms, { costMicros: 90_000, priceMicros: 3 * 37_500, prefix: '44' })
    const explicit = pricing({ messaging: { smsPerSegmentMicros: 10_000, mmsPerMessageMicros: 20_000 }, markupFixedMicros: 7 })
    assert.include(quoteMessageFrom(DECK, explicit, { service: 'sms', destination: '+12125550100', units: 2, at: NOW }), { costMicros: 8_000, priceMicros: 20_000 })
    assert.include(quoteMessageFrom(DECK, pricing({ markupFixedMicros: 7 }), { service: 'mms', destination: '+12125550100', units: 1, at: NOW }), { costMicros: 10_000, priceMicros: 12_507 })
    assert.throws(() => quoteMessageFrom(DECK, pricing(), { service: 'mms', destination: '+447911123456', units: 1, at: NOW }), /No rate for MMS/)
  })

  test('numbers: explicit price or markup over the cost in force; a future cost switches on its date', ({ assert }) => {
    const costs: NumberCost[] = [
      { country: 'GB', type: 'mobile', setupMicros: 1_000_000, monthlyMicros: 1_500_000, effectiveFrom: ALWAYS },
      { country: 'GB', type: 'mobile', setupMicros: 1_000_000, monthlyMicros: 1_800_000, effectiveFrom: SWITCH },
      { country: 'US', type: 'local', setupMicros: 0, monthlyMicros: 500_000, effectiveFrom: ALWAYS },
    ]
    const list = pricing({ numbers: [{ country: 'US', type: 'local', setupMicros: 0, monthlyMicros: 2_000_000 }] })
    assert.deepEqual(quoteNumberFrom(costs, list, { country: 'us', type: 'local', at: NOW }), {
      setupCostMicros: 0,
      monthlyCostMicros: 500_000,
      setupPriceMicros: 0,
      monthlyPriceMicros: 2_000_000,
      currency: 'USD',
    })
    assert.include(quoteNumberFrom(costs, list, { country: 'GB', type: 'mobile', at: SWITCH - 1 }), { monthlyCostMicros: 1_500_000, monthlyPriceMicros: 1_875_000, setupPriceMicros: 1_250_000 })
    assert.include(quoteNumberFrom(costs, list, { country: 'GB', type: 'mobile', at: SWITCH }), { monthlyCostMicros: 1_800_000, monthlyPriceMicros: 2_250_000 })
    assert.throws(() => quoteNumberFrom(costs, list, { country: 'DE', type: 'local', at: NOW }), /No rate for local numbers in DE/)
  })

  test('the explicit-rate index is built once per price list object', ({ assert }) => {
    const list = pricing({ voice: [{ prefix: '1', description: 'US', perMinuteMicros: 1, effectiveFrom: null }] })
    assert.strictEqual(retailVoiceIndex(list), retailVoiceIndex(list))
    assert.notStrictEqual(retailVoiceIndex(list), retailVoiceIndex({ ...list }))
  })

  test('through the facade: quotes use the tenant currency and the deck the source gives', async ({ assert }) => {
    const service = new RatingService({ deck: async (currency) => (currency === 'USD' ? DECK : null), numberCosts: async () => [] }, { maxCallSeconds: 86_400 })
    const tenant = { config: { pricing: pricing() } }
    const quote = await service.quoteCall(tenant, { destination: '+12125550100', seconds: 60, at: new Date(NOW) })
    assert.include(quote, { costMicros: 6_000, priceMicros: 7_500, ratePerMinuteMicros: 7_500, billableSeconds: 60 })
    const euro = { config: { pricing: pricing({ currency: 'EUR' }) } }
    await assert.rejects(() => service.quoteCall(euro, { destination: '+12125550100', seconds: 60 }), /No rate for calls to \+12125550100/)
  })

  test('price >= cost through a whole quote under any markup >= 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 14_400 }),
        fc.constantFrom('+447911123456', '+447624000000', '+12125550100', '+442071234567'),
        (bp, fixed, first, next, minimum, seconds, destination) => {
          const list = pricing({
            markupBasisPoints: bp,
            markupFixedMicros: fixed,
            billing: { firstIncrementSeconds: first, nextIncrementSeconds: next, minimumSeconds: minimum, connectionFeeMicros: 0 },
          })
          const quote = quoteCallFrom(deckFrom6, list, call(destination, seconds))
          return quote.priceMicros >= quote.costMicros
        }
      ),
      { numRuns: 1_000 }
    )
  })
})

/** The same deck billed by the carrier in 6/6, so the brand's 1/1 would otherwise undercut it. */
const deckFrom6 = { ...DECK, increments: { firstIncrementSeconds: 6, nextIncrementSeconds: 6 } }
