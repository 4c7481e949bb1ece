import { test } from '@japa/runner'
import { errors } from '@vinejs/vine'
import { defaultConfig } from '#tenants/config/defaults'
import { tenantConfigValidator } from '#tenants/config/schema'
import { changedPaths, deepMerge } from '#tenants/config/merge'
import { decryptSecret, keepUnchangedSecrets, maskSecrets, sealSecrets } from '#tenants/config/secrets'
import { resolveBranding } from '#tenants/branding'

async function fieldsOf(document: Record<string, any>) {
  try {
    await tenantConfigValidator.validate(document)
    return []
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    return (error.messages as any[]).map((m) => m.field)
  }
}

test.group('Tenant config schema', () => {
  test('the defaults are a valid document', async ({ assert }) => {
    assert.deepEqual(await fieldsOf(defaultConfig()), [])
  })

  test('bad values are reported by their full path', async ({ assert }) => {
    const doc = deepMerge(defaultConfig(), {
      theme: 'neon',
      branding: { colors: { primary: 'red' }, logoUrl: 'javascript:alert(1)' },
      features: { sms: 'yes' },
      limits: { numbersPerUser: 6 },
      pricing: { currency: 'dollars', messaging: { smsPerSegmentMicros: 1.5 } },
      regions: [],
      telephony: { model: 'carrier-pigeon' },
      support: { email: 'not-an-email' },
    })
    const fields = await fieldsOf(doc)
    assert.includeMembers(fields, [
      'theme',
      'branding.colors.primary',
      'branding.logoUrl',
      'features.sms',
      'limits.numbersPerUser',
      'pricing.currency',
      'pricing.messaging.smsPerSegmentMicros',
      'regions',
      'telephony.model',
      'support.email',
    ])
  })

  test('a currency must be a real ISO 4217 code, in any case', async ({ assert }) => {
    assert.include(await fieldsOf(deepMerge(defaultConfig(), { pricing: { currency: 'XYZ' } })), 'pricing.currency')
    assert.notInclude(await fieldsOf(deepMerge(defaultConfig(), { pricing: { currency: 'gbp' } })), 'pricing.currency')
  })

  test('a scalar where an object belongs is refused, not merged', async ({ assert }) => {
    assert.include(await fieldsOf(deepMerge(defaultConfig(), { features: 'all of them' })), 'features')
  })

  test('deepMerge merges objects, replaces arrays and ignores prototype keys', ({ assert }) => {
    const merged = deepMerge({ a: { b: 1, c: 2 }, list: [1, 2] }, JSON.parse('{"a":{"c":3},"list":[9],"__proto__":{"polluted":true}}'))
    assert.deepEqual(merged, { a: { b: 1, c: 3 }, list: [9] })
    assert.isUndefined(({} as any).polluted)
  })

  test('changedPaths names what differs', ({ assert }) => {
    assert.deepEqual(changedPaths({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: 1, c: 3 }, d: [1, 2] }), ['a.c', 'd'])
  })
})

test.group('Tenant config secrets', () => {
  test('secrets are sealed at rest, masked when shown and kept when the mask comes back', ({ assert }) => {
    const doc = deepMerge(defaultConfig(), { payments: { gateways: { stripe: { secretKey: 'sk_live_abcdef123456' } } } })
    const sealed = sealSecrets(doc)
    const stored = sealed.payments.gateways.stripe.secretKey
    assert.notInclude(JSON.stringify(sealed), 'sk_live_abcdef123456')
    assert.equal(decryptSecret(stored), 'sk_live_abcdef123456')

    const shown = maskSecrets(sealed)
    assert.equal(shown.payments.gateways.stripe.secretKey, '••••••••3456')

    const resent = keepUnchangedSecrets(structuredClone(shown), sealed)
    assert.equal(resent.payments.gateways.stripe.secretKey, stored)
  })
})

test.group('Branding over themes', () => {
  test('brand colors and fonts override the theme; unset ones fall back to it', ({ assert }) => {
    const config = deepMerge(defaultConfig(), { theme: 'midnight', branding: { colors: { primary: '#ff0000' } } }) as any
    const branding = resolveBranding(config)
    assert.equal(branding.tokens.colors.primary, '#ff0000')
    assert.equal(branding.tokens.colors.background, '#0b1020')
    assert.equal(branding.tokens.mode, 'dark')
    assert.include(branding.css, '--bl-primary: #ff0000;')
    const classic = resolveBranding(defaultConfig() as any)
    assert.notEqual(classic.tokens.colors.background, branding.tokens.colors.background)
  })
})
