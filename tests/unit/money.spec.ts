import { test } from '@japa/runner'
import { formatMicros } from '#services/money'

test.group('Money formatting', () => {
  test('{0} micro-units of {1} read {2}')
    .with([
      [2_000_000, 'USD', '$2.00'],
      [15_000, 'USD', '$0.015'],
      [1, 'USD', '$0.000001'],
      [123_456_789_012_345, 'EUR', '€123,456,789.012345'],
      [-2_500_000, 'USD', '-$2.50'],
    ] as const)
    .run(({ assert }, [micros, currency, expected]) => {
      assert.equal(formatMicros(micros, currency), expected)
    })
})
