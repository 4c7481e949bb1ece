import { test } from '@japa/runner'
import { microsToAmount, parseAmountToMicros } from '#services/admin_money_input'

test.group('Admin: typed amounts <-> micro-units', () => {
  test('decimal amounts convert exactly, with no float rounding', ({ assert }) => {
    const cases: [string, number][] = [
      ['0.015', 15_000],
      ['2', 2_000_000],
      ['2.00', 2_000_000],
      ['0.1', 100_000],
      ['0.000001', 1],
      ['.5', 500_000],
      ['19.99', 19_990_000],
      ['1000000', 1_000_000_000_000],
      [' 4.20 ', 4_200_000],
      ['0.29', 290_000],
      ['1.005', 1_005_000],
    ]
    for (const [typed, micros] of cases) assert.strictEqual(parseAmountToMicros(typed), micros, typed)
  })

  test('anything but a plain non-negative amount with at most 6 decimals is refused', ({ assert }) => {
    for (const typed of ['', '.', '-1', '1,50', '1.0000001', 'abc', '1e3', '0x10', '1.2.3', '+1', 'NaN', '99999999999999']) {
      assert.isNull(parseAmountToMicros(typed), typed)
    }
  })

  test('stored amounts show with at least two decimals and no more than they need', ({ assert }) => {
    assert.equal(microsToAmount(15_000), '0.015')
    assert.equal(microsToAmount(2_000_000), '2.00')
    assert.equal(microsToAmount(0), '0.00')
    assert.equal(microsToAmount(1), '0.000001')
    assert.equal(microsToAmount(19_990_000), '19.99')
    assert.equal(microsToAmount(-2_500_000), '-2.50')
    for (const micros of [1, 15_000, 290_000, 1_005_000, 123_456_789]) {
      assert.equal(parseAmountToMicros(microsToAmount(micros)), micros)
    }
  })
})
