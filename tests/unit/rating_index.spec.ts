import { test } from '@japa/runner'
import fc from 'fast-check'
import { ALWAYS, PrefixIndexBuilder, type PrefixIndex } from '#services/rating/prefix_index'

const SWITCH = Date.parse('2027-01-01T00:00:00.000Z')

function index(rates: [prefix: string, micros: number, from?: number][]): PrefixIndex {
  const builder = new PrefixIndexBuilder()
  for (const [prefix, micros, from] of rates) builder.add(prefix, micros, from ?? ALWAYS, `zone ${prefix}`)
  return builder.build()
}

/** The obvious, slow answer the index must agree with: every prefix of the number, longest first. */
function reference(rates: [string, number, number][], destination: string, at: number) {
  const digits = destination.replace(/^\+/, '')
  for (let length = digits.length; length > 0; length--) {
    const prefix = digits.slice(0, length)
    const versions = rates.map((rate, row) => ({ rate, row })).filter(({ rate }) => rate[0] === prefix && rate[2] <= at)
    if (!versions.length) continue
    versions.sort((a, b) => a.rate[2] - b.rate[2] || a.row - b.row)
    return { prefix, rateMicros: versions[versions.length - 1].rate[1] }
  }
  return null
}

test.group('Rating: longest-prefix index', () => {
  test('the longest matching prefix wins over a cheaper shorter one', ({ assert }) => {
    const deck = index([
      ['44', 5_000],
      ['447', 20_000],
      ['447624', 220_000],
      ['1', 6_000],
    ])
    assert.deepInclude(deck.match('+447911123456', Date.now()), { prefix: '447', rateMicros: 20_000 })
    assert.deepInclude(deck.match('+447624123456', Date.now()), { prefix: '447624', rateMicros: 220_000 })
    assert.deepInclude(deck.match('+442071234567', Date.now()), { prefix: '44', rateMicros: 5_000 })
    assert.deepInclude(deck.match('12125550100', Date.now()), { prefix: '1', rateMicros: 6_000, description: 'zone 1' })
  })

  test('a destination no prefix covers, or that is not E.164, has no rate', ({ assert }) => {
    const deck = index([['44', 5_000], ['1', 6_000]])
    for (const destination of ['+4912345678', '+0441234', '+44 20 7123 4567', '44abc', '', '+', '+4412345678901234']) {
      assert.isNull(deck.match(destination, Date.now()), destination)
    }
    assert.isNull(index([]).match('+441234', Date.now()))
  })

  test('effective dates switch at the exact millisecond', ({ assert }) => {
    const deck = index([
      ['44', 10_000],
      ['44', 12_000, SWITCH],
    ])
    assert.equal(deck.match('+442071234567', SWITCH - 1)!.rateMicros, 10_000)
    assert.equal(deck.match('+442071234567', SWITCH)!.rateMicros, 12_000)
    assert.equal(deck.match('+442071234567', SWITCH + 86_400_000)!.rateMicros, 12_000)
  })

  test('a longer prefix that only starts later leaves the shorter one in force until then', ({ assert }) => {
    const deck = index([
      ['44', 10_000],
      ['447', 30_000, SWITCH],
    ])
    assert.equal(deck.match('+447911123456', SWITCH - 1)!.prefix, '44')
    assert.equal(deck.match('+447911123456', SWITCH)!.prefix, '447')
  })

  test('the same prefix and date twice: the row added later wins', ({ assert }) => {
    const deck = index([
      ['44', 10_000],
      ['44', 11_000],
    ])
    assert.equal(deck.match('+4420', Date.now())!.rateMicros, 11_000)
  })

  test('lists each prefix with the version in force', ({ assert }) => {
    const deck = index([
      ['44', 10_000],
      ['44', 12_000, SWITCH],
      ['1', 4_000],
      ['49', 9_000, SWITCH],
    ])
    assert.deepEqual(
      deck.inForce(SWITCH - 1).map((rate) => [rate.prefix, rate.rateMicros]),
      [['1', 4_000], ['44', 10_000]]
    )
    assert.deepEqual(
      deck.inForce(SWITCH).map((rate) => [rate.prefix, rate.rateMicros]),
      [['1', 4_000], ['44', 12_000], ['49', 9_000]]
    )
  })

  test('agrees with a brute-force lookup on any deck, crowded buckets included', ({ assert }) => {
    const digit = fc.constantFrom('1', '4', '7')
    const prefix = fc.tuple(fc.constantFrom('4', '44', '447', '1'), fc.array(digit, { maxLength: 9 })).map(([head, tail]) => head + tail.join(''))
    const instant = fc.constantFrom(ALWAYS, SWITCH - 1, SWITCH, SWITCH + 1)
    const rate = fc.tuple(prefix, fc.integer({ min: 0, max: 1_000_000 }), instant)
    /** Destinations mostly start with one of the deck's own prefixes, so long matches get tested too. */
    const case_ = fc.array(rate, { minLength: 1, maxLength: 80, size: 'max' }).chain((rates) => {
      const head = fc.oneof(fc.constantFrom(...rates.map(([p]) => p)), prefix)
      const destination = fc.tuple(head, fc.array(digit, { maxLength: 4 })).map(([h, tail]) => `+${h}${tail.join('')}`.slice(0, 16))
      return fc.tuple(fc.constant(rates), fc.array(destination, { minLength: 1, maxLength: 30 }))
    })
    fc.assert(
      fc.property(case_, instant, ([rates, destinations], at) => {
        const deck = index(rates)
        for (const dest of destinations) {
          const found = deck.match(dest, at)
          const expected = reference(rates, dest, at)
          assert.deepEqual(found && { prefix: found.prefix, rateMicros: found.rateMicros }, expected, dest)
        }
      }),
      { numRuns: 300 }
    )
  })

  test('a big deck with thousands of prefixes under one country code still finds the longest', ({ assert }) => {
    const rates: [string, number][] = [['44', 1]]
    for (let i = 0; i < 30_000; i++) rates.push([`44${String(i).padStart(5, '0')}`, 1_000 + i])
    for (let i = 0; i < 300; i++) rates.push([`44${String(i).padStart(5, '0')}9`, 500_000 + i])
    const deck = index(rates)
    assert.deepInclude(deck.match('+4400123456', Date.now()), { prefix: '4400123', rateMicros: 1_123 })
    assert.deepInclude(deck.match('+4400123956', Date.now()), { prefix: '44001239', rateMicros: 500_123 })
    assert.deepInclude(deck.match('+4499999999999', Date.now()), { prefix: '44', rateMicros: 1 })
    assert.equal(deck.prefixes, 30_301)
  })
})
