import { test } from '@japa/runner'
import { normalizeHost } from '#tenants/host'

test.group('Host normalisation', () => {
  test('{0} -> {1}')
    .with([
      ['acme.localhost', 'acme.localhost'],
      ['ACME.LocalHost', 'acme.localhost'],
      ['acme.localhost:3333', 'acme.localhost'],
      ['voice.acme.test.', 'voice.acme.test'],
      ['VOICE.ACME.TEST.:443', 'voice.acme.test'],
      ['bücher.example', 'xn--bcher-kva.example'],
      ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ])
    .run(({ assert }, [raw, expected]) => {
      assert.equal(normalizeHost(raw), expected)
    })

  test('rejects {0}')
    .with(['', 'a..b', '-bad.example', 'bad-.example', 'under_score.example', '127.0.0.1', '[::1]:3333', 'a b.example', 'x'.repeat(64) + '.example', 'evil.example/path'])
    .run(({ assert }, raw) => {
      assert.isNull(normalizeHost(raw))
    })

  test('rejects a missing host', ({ assert }) => {
    assert.isNull(normalizeHost(null))
    assert.isNull(normalizeHost(undefined))
  })
})
