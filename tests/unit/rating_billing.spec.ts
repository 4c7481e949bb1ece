import { test } from '@japa/runner'
import fc from 'fast-check'
import { billableSeconds, chargeCall, markedUp, mulDivCeil, perMinuteCharge } from '#services/rating/billing'

const plan = (first: number, next: number, minimumSeconds = 0) => ({ firstIncrementSeconds: first, nextIncrementSeconds: next, minimumSeconds })

test.group('Rating: billing increments and rounding', () => {
  test('60/60, 30/6 and 1/1 increments round every call up', ({ assert }) => {
    const cases: [ReturnType<typeof plan>, number, number][] = [
      [plan(60, 60), 1, 60],
      [plan(60, 60), 60, 60],
      [plan(60, 60), 61, 120],
      [plan(60, 60), 7_199, 7_200],
      [plan(30, 6), 1, 30],
      [plan(30, 6), 30, 30],
      [plan(30, 6), 31, 36],
      [plan(30, 6), 36, 36],
      [plan(30, 6), 37, 42],
      [plan(1, 1), 1, 1],
      [plan(1, 1), 61, 61],
      [plan(6, 6), 7, 12],
    ]
    for (const [increments, seconds, billable] of cases) {
      assert.equal(billableSeconds(seconds, increments), billable, `${seconds}s at ${increments.firstIncrementSeconds}/${increments.nextIncrementSeconds}`)
    }
  })

  test('a minimum applies before the increments; an unanswered call bills nothing', ({ assert }) => {
    assert.equal(billableSeconds(5, plan(1, 1, 30)), 30)
    assert.equal(billableSeconds(31, plan(1, 1, 30)), 31)
    assert.equal(billableSeconds(5, plan(6, 6, 20)), 24)
    assert.equal(billableSeconds(0, plan(60, 60, 60)), 0)
    assert.equal(billableSeconds(0.2, plan(1, 1)), 1)
  })

  test('charges round up to the micro-unit', ({ assert }) => {
    assert.equal(perMinuteCharge(61, 10_000), 10_167)
    assert.equal(perMinuteCharge(1, 1), 1)
    assert.equal(perMinuteCharge(60, 15_000), 15_000)
    assert.equal(perMinuteCharge(0, 15_000), 0)
    assert.equal(markedUp(12_300, 2_500), 15_375)
    assert.equal(markedUp(1, 1), 2)
    assert.equal(markedUp(10_000, 0, 500), 10_500)
  })

  test('a 2-hour call is priced exactly', ({ assert }) => {
    const charge = chargeCall(
      7_200,
      { perMinuteMicros: 12_300, increments: plan(6, 6) },
      { perMinuteMicros: markedUp(12_300, 2_500), increments: plan(60, 60), connectionFeeMicros: 50_000 }
    )
    assert.deepEqual(charge, {
      costMicros: 1_476_000,
      priceMicros: 120 * 15_375 + 50_000,
      billableSeconds: 7_200,
      costBillableSeconds: 7_200,
    })
    const oneMore = chargeCall(
      7_201,
      { perMinuteMicros: 12_300, increments: plan(6, 6) },
      { perMinuteMicros: 15_375, increments: plan(60, 60), connectionFeeMicros: 0 }
    )
    assert.equal(oneMore.costMicros, Math.ceil((7_206 * 12_300) / 60))
    assert.equal(oneMore.priceMicros, 121 * 15_375)
  })

  test('the retail side never bills fewer seconds than the carrier', ({ assert }) => {
    const charge = chargeCall(
      7,
      { perMinuteMicros: 60_000, increments: plan(30, 30) },
      { perMinuteMicros: 60_000, increments: plan(1, 1), connectionFeeMicros: 0 }
    )
    assert.equal(charge.billableSeconds, 30)
    assert.equal(charge.priceMicros, charge.costMicros)
  })

  test('products past 2^53 stay exact', ({ assert }) => {
    assert.equal(mulDivCeil(86_400, 1_000_000_000_000, 60), 1_440_000_000_000_000)
    assert.equal(mulDivCeil(9_007_199_254_740_991, 3, 9), 3_002_399_751_580_331)
    assert.throws(() => mulDivCeil(9_007_199_254_740_991, 10, 1), /too large/)
  })

  test('price >= cost for any markup >= 0, any increments and any duration', () => {
    const increments = fc.record({
      firstIncrementSeconds: fc.integer({ min: 1, max: 3_600 }),
      nextIncrementSeconds: fc.integer({ min: 1, max: 3_600 }),
      minimumSeconds: fc.integer({ min: 0, max: 3_600 }),
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        increments,
        increments,
        fc.integer({ min: 0, max: 86_400 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (basisPoints, fixed, costRate, carrier, brand, seconds, fee) => {
          const charge = chargeCall(
            seconds,
            { perMinuteMicros: costRate, increments: carrier },
            { perMinuteMicros: markedUp(costRate, basisPoints, fixed), increments: brand, connectionFeeMicros: fee }
          )
          return charge.priceMicros >= charge.costMicros && Number.isSafeInteger(charge.priceMicros)
        }
      ),
      { numRuns: 2_000 }
    )
  })
})
