import { Readable } from 'node:stream'
import { test } from '@japa/runner'
import { parseRateCsv, parseRateCsvStream } from '#services/rating/rate_csv'
import { ALWAYS } from '#services/rating/prefix_index'

const GOOD = [
  'prefix,rate,description,effective_from,service',
  '1,0.006,US and Canada,,',
  '44,0.015,"United Kingdom, landlines",,voice',
  '',
  '447,0.017,UK mobile,2027-01-01T00:00:00+01:00,voice',
  '44,0.03,United Kingdom,,sms',
].join('\n')

test.group('Rating: rate CSV', () => {
  test('a good file gives exact micro-units, instants and services', ({ assert }) => {
    const { rows, errors, errorCount } = parseRateCsv(GOOD)
    assert.deepEqual(errors, [])
    assert.equal(errorCount, 0)
    assert.deepEqual(rows.prefix, ['1', '44', '447', '44'])
    assert.deepEqual(rows.rateMicros, [6_000, 15_000, 17_000, 30_000])
    assert.deepEqual(rows.service, ['voice', 'voice', 'voice', 'sms'])
    assert.equal(rows.description[1], 'United Kingdom, landlines')
    assert.deepEqual(rows.effectiveFrom, [ALWAYS, ALWAYS, Date.parse('2026-12-31T23:00:00Z'), ALWAYS])
    assert.equal(rows.effectiveFromIso(2), '2026-12-31T23:00:00.000Z')
    assert.deepEqual(rows.line, [2, 3, 5, 6])
  })

  test('every bad row is reported with its line number and field', ({ assert }) => {
    const csv = [
      'prefix,rate,description,effective_from,service',
      '44,-0.01,Negative,,',
      '+44,0.01,Plus sign,,',
      '044,0.01,Leading zero,,',
      '44a,0.01,Letters,,',
      '4412345678901234,0.01,Too long,,',
      '49,0.0000001,Seven decimals,,',
      '',
      '33,1000.000001,Absurd,,',
      '34,0.01,Bad date,2026-13-01T00:00:00Z,',
      '35,0.01,No zone,2026-01-01T00:00:00,',
      '36,0.01,Unknown service,,fax',
      '37,,No rate,,',
      '38,0.01,Too few columns',
      '39,0.01,Fine,,',
      '39,0.02,Same again,,voice',
    ].join('\n')
    const { rows, errors, errorCount } = parseRateCsv(csv)
    assert.deepEqual(
      errors.map(({ line, field }) => [line, field]),
      [
        [2, 'rate'],
        [3, 'prefix'],
        [4, 'prefix'],
        [5, 'prefix'],
        [6, 'prefix'],
        [7, 'rate'],
        [9, 'rate'],
        [10, 'effective_from'],
        [11, 'effective_from'],
        [12, 'service'],
        [13, 'rate'],
        [14, 'row'],
        [16, 'prefix'],
      ]
    )
    assert.equal(errorCount, 13)
    assert.match(errors[0].message, /negative/)
    assert.match(errors[6].message, /too high/)
    assert.equal(errors[12].message, 'Duplicates line 15: same service, prefix and effective_from')
    assert.deepEqual(rows.prefix, ['39'])
  })

  test('the same prefix may have several dates, but not the same one twice', ({ assert }) => {
    const { errors } = parseRateCsv(
      ['prefix,rate,effective_from', '44,0.01,', '44,0.02,2027-01-01T00:00:00Z', '44,0.03,2027-01-01T01:00:00+01:00'].join('\n')
    )
    assert.deepEqual(errors, [{ line: 4, field: 'prefix', message: 'Duplicates line 3: same service, prefix and effective_from' }])
  })

  test('a broken header stops at the header, naming what is wrong', ({ assert }) => {
    const unknown = parseRateCsv('prefix,rate,effective_form\n44,0.01,\n')
    assert.deepEqual(unknown.errors.map((e) => [e.line, e.field]), [[1, 'header']])
    assert.match(unknown.errors[0].message, /Unknown column "effective_form"/)
    const missing = parseRateCsv('prefix,description\n44,UK\n')
    assert.match(missing.errors[0].message, /no "rate" column/)
    assert.match(parseRateCsv('').errors[0].message, /empty/)
    const priceList = parseRateCsv('prefix,rate,service\n44,0.01,voice\n', { services: ['voice'] })
    assert.match(priceList.errors[0].message, /Unknown column "service"/)
  })

  test('broken CSV quoting is reported with its line', ({ assert }) => {
    const { errors } = parseRateCsv('prefix,rate,description\n44,0.01,ok\n49,0.02,"unclosed\n')
    assert.lengthOf(errors, 1)
    assert.equal(errors[0].field, 'row')
    assert.match(errors[0].message, /Not valid CSV/)
    assert.isAtLeast(errors[0].line, 3)
  })

  test('row and error limits', ({ assert }) => {
    const lines = ['prefix,rate', ...Array.from({ length: 12 }, (_, i) => `${100 + i},0.01`)]
    const limited = parseRateCsv(lines.join('\n'), { maxRows: 10 })
    assert.deepEqual(limited.errors, [{ line: 12, field: 'row', message: 'Too many rows: at most 10' }])
    const bad = ['prefix,rate', ...Array.from({ length: 150 }, (_, i) => `${100 + i},x`)]
    const capped = parseRateCsv(bad.join('\n'))
    assert.lengthOf(capped.errors, 100)
    assert.equal(capped.errorCount, 150)
  })

  test('a stream gives the same result as a string', async ({ assert }) => {
    const chunks = [GOOD.slice(0, 40), GOOD.slice(40, 90), GOOD.slice(90)].map((part) => Buffer.from(part))
    let bytes = 0
    const streamed = await parseRateCsvStream(Readable.from(chunks), {}, (count) => (bytes += count))
    const whole = parseRateCsv(GOOD)
    assert.deepEqual(streamed.rows, whole.rows)
    assert.equal(bytes, Buffer.byteLength(GOOD))
    const broken = await parseRateCsvStream(Readable.from([Buffer.from('prefix,rate\n44,abc\n')]))
    assert.deepEqual(broken.errors.map((e) => [e.line, e.field]), [[2, 'rate']])
  })
})
