import { test } from '@japa/runner'
import { segmentsOf } from '#services/messaging/segments'

/** True when a string holds half of a surrogate pair at either end: a character cut in two. */
const cutAtEdge = (part: string) => /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(part)

test.group('SMS segments', () => {
  test('GSM-7: 160 characters are one message, 161 are two concatenated parts of 153 + 8', ({ assert }) => {
    const single = segmentsOf('a'.repeat(160))
    assert.deepInclude(single, { encoding: 'GSM-7', segments: 1, characters: 160 })
    assert.deepEqual(single.parts, ['a'.repeat(160)])
    const double = segmentsOf('a'.repeat(161))
    assert.deepInclude(double, { encoding: 'GSM-7', segments: 2, characters: 161 })
    assert.deepEqual(double.parts.map((part) => part.length), [153, 8])
  })

  test('short parts carry their text only: a two-letter tail, a one-word message', ({ assert }) => {
    assert.deepEqual(segmentsOf('Hi').parts, ['Hi'])
    assert.deepEqual(segmentsOf('a'.repeat(308)).parts, ['a'.repeat(153), 'a'.repeat(153), 'aa'])
    assert.deepEqual(segmentsOf('Hé 😀').parts, ['Hé 😀'])
  })

  test('GSM-7 extension characters count two: 159 letters and a euro sign need two segments', ({ assert }) => {
    assert.deepInclude(segmentsOf('a'.repeat(158) + '€'), { encoding: 'GSM-7', segments: 1, characters: 160 })
    assert.deepInclude(segmentsOf('a'.repeat(159) + '€'), { encoding: 'GSM-7', segments: 2, characters: 161 })
    assert.deepInclude(segmentsOf('{[~]}|^\\'), { encoding: 'GSM-7', characters: 16 })
  })

  test('an escape pair is never split: a euro sign that would straddle the part boundary moves to the next part', ({ assert }) => {
    const body = 'a'.repeat(152) + '€' + 'b'.repeat(10)
    const { parts, segments } = segmentsOf(body)
    assert.equal(segments, 2)
    assert.deepEqual(parts, ['a'.repeat(152), '€' + 'b'.repeat(10)])
  })

  test('UCS-2 with an emoji: 70 code units are one message, 71 are two parts of up to 67', ({ assert }) => {
    const single = segmentsOf('😀' + 'ж'.repeat(68))
    assert.deepInclude(single, { encoding: 'UCS-2', segments: 1 })
    const double = segmentsOf('😀' + 'ж'.repeat(69))
    assert.deepInclude(double, { encoding: 'UCS-2', segments: 2 })
    assert.isAtMost(double.parts[0].length, 67)
    assert.equal(double.parts.join(''), '😀' + 'ж'.repeat(69))
    assert.deepInclude(segmentsOf('Hello 😀'), { encoding: 'UCS-2', segments: 1 })
  })

  test('an emoji is never split across parts, wherever the boundary falls', ({ assert }) => {
    for (let lead = 60; lead <= 70; lead++) {
      const body = 'ж'.repeat(lead) + '😀'.repeat(5) + 'ж'.repeat(20)
      const { parts, encoding } = segmentsOf(body)
      assert.equal(encoding, 'UCS-2')
      for (const part of parts) {
        assert.isFalse(cutAtEdge(part), `a part of the ${lead}-letter message cuts an emoji: ${JSON.stringify(part.slice(-2))}`)
        assert.isAtMost(part.length, 67)
      }
      assert.equal(parts.join(''), body)
    }
  })

  test('long messages: ten full GSM-7 parts, the parts join back to the body exactly', ({ assert }) => {
    const body = Array.from({ length: 1530 }, (_, index) => String.fromCharCode(97 + (index % 26))).join('')
    const long = segmentsOf(body)
    assert.deepInclude(long, { encoding: 'GSM-7', segments: 10, characters: 1530 })
    assert.isTrue(long.parts.every((part) => part.length === 153))
    assert.equal(long.parts.join(''), body)
    assert.equal(segmentsOf(body + 'z').segments, 11)

    const mixed = `Ünïcödé déjà vu: ${'ok '.repeat(60)}🎉 done`
    const split = segmentsOf(mixed)
    assert.equal(split.encoding, 'UCS-2')
    assert.equal(split.parts.join(''), mixed)
    assert.equal(split.segments, split.parts.length)
  })
})
