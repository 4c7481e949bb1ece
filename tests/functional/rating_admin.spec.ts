import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import tenancy from '#tenants/main'
import deckImports from '#services/rating/deck_import_service'
import { tokenFor } from '#tests/helpers'
import { throwawayBrand } from './admin_helpers.js'

/**
 * The brand's side of rating: its price list against the platform's wholesale deck. Brands here
 * price in DKK, whose deck this group loads itself, so nothing depends on the demo decks.
 */
const DKK_DECK = [
  'service,prefix,rate,description',
  'voice,45,0.010,Denmark',
  'voice,452,0.020,Denmark mobile',
  'voice,44,0.010,United Kingdom',
  'voice,447,0.020,UK mobile',
  'sms,45,0.030,Denmark',
  'mms,45,0.100,Denmark',
].join('\n')

const dkk = (voice: { prefix: string; perMinuteMicros: number; description?: string }[] = []) => ({
  pricing: {
    currency: 'DKK',
    markupBasisPoints: 2_000,
    voice: voice.map((rate) => ({ description: `Zone ${rate.prefix}`, effectiveFrom: null, ...rate })),
    billing: { firstIncrementSeconds: 60, nextIncrementSeconds: 60, minimumSeconds: 0, connectionFeeMicros: 0 },
  },
})

function importVoice(client: ApiClient, host: string, token: string, csv: string) {
  return client.post('/api/v1/admin/pricing/voice').header('host', host).bearerToken(token).unsafeForm(csv).type('text/csv')
}

function quote(client: ApiClient, host: string, token: string, path: string, destination: string, seconds = 60) {
  return client.get(path).qs({ destination, seconds }).header('host', host).bearerToken(token)
}

test.group('Rating: brand price list', (group) => {
  group.setup(async () => {
    await deckImports.import(DKK_DECK, { currency: 'DKK', name: 'DKK test deck', increments: '1/1', createdBy: 'rating spec' })
  })

  test('call rates import from a CSV body as a new config version, which can be rolled back', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Csv Voice', dkk([{ prefix: '45', perMinuteMicros: 50_000 }]))
    const token = await tokenFor(people.owner)
    const before = await tenancy.configs.current(tenant)
    const csv = 'prefix,rate,description,effective_from\n45,0.030,Denmark,\n452,0.045,Denmark mobile,2027-01-01T01:00:00+01:00\n'
    const response = await importVoice(client, host, token, csv)
    response.assertStatus(200)
    assert.equal(response.body().data.version, before.version + 1)
    const { pricing } = (await tenancy.configs.current(tenant)).document
    assert.deepEqual(pricing.voice, [
      { prefix: '45', description: 'Denmark', perMinuteMicros: 30_000, effectiveFrom: null },
      { prefix: '452', description: 'Denmark mobile', perMinuteMicros: 45_000, effectiveFrom: '2027-01-01T00:00:00.000Z' },
    ])
    const [latest] = await tenancy.configs.history(tenant, 1)
    assert.equal(latest.note, '2 call rates imported from CSV')
    assert.equal(latest.changedBy, people.owner.email)

    await tenancy.configs.rollback(tenant, before.version, 'spec')
    assert.deepEqual((await tenancy.configs.current(tenant)).document.pricing.voice, before.document.pricing.voice)
  })

  test('a multipart file works too', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Csv Voice', dkk())
    const response = await client
      .post('/api/v1/admin/pricing/voice')
      .header('host', host)
      .bearerToken(await tokenFor(people.admin))
      .file('file', Buffer.from('prefix,rate\n45,0.02\n'), { filename: 'rates.csv', contentType: 'text/csv' })
    response.assertStatus(200)
    assert.deepEqual((await tenancy.configs.current(tenant)).document.pricing.voice, [
      { prefix: '45', description: '', perMinuteMicros: 20_000, effectiveFrom: null },
    ])
  })

  test('bad rows: 422 with their line numbers, and the price list is unchanged', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Csv Voice', dkk([{ prefix: '45', perMinuteMicros: 50_000 }]))
    const before = await tenancy.configs.current(tenant)
    const csv = 'prefix,rate,description,effective_from\n45,0.03,Denmark,\n45x,0.03,Typo,\n46,2000,Absurd,\n47,0.01,Bad date,tomorrow\n'
    const response = await importVoice(client, host, await tokenFor(people.owner), csv)
    response.assertStatus(422)
    assert.deepEqual(
      response.body().error.fields.map((f: any) => f.field),
      ['line 3: prefix', 'line 4: rate', 'line 5: effective_from']
    )
    const service = await importVoice(client, host, await tokenFor(people.owner), 'prefix,rate,service\n45,0.01,sms\n')
    service.assertStatus(422)
    assert.equal(service.body().error.fields[0].field, 'line 1: header')
    const none = await client.post('/api/v1/admin/pricing/voice').header('host', host).bearerToken(await tokenFor(people.owner)).json({})
    none.assertStatus(422)
    assert.equal(none.body().error.fields[0].field, 'file')
    assert.equal((await tenancy.configs.current(tenant)).version, before.version)
  })

  test('support staff may look and quote but not change prices', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Support Voice', dkk())
    const before = await tenancy.configs.current(tenant)
    const token = await tokenFor(people.support)
    const refused = await importVoice(client, host, token, 'prefix,rate\n45,0.01\n')
    refused.assertStatus(403)
    assert.equal(refused.body().error.code, 'FORBIDDEN')
    ;(await quote(client, host, token, '/api/v1/admin/pricing/quote', '+4533123456')).assertStatus(200)
    const pageView = await client.get('/admin/pricing').header('host', host).withGuard('web').loginAs(people.support)
    pageView.assertStatus(200)
    assert.include(pageView.text(), 'data-read-only')
    const pagePut = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.support)
      .withCsrfToken()
      .form({ 'pricing.currency': 'DKK', 'pricing.markupBasisPoints': '0' })
      .redirects(0)
    pagePut.assertStatus(403)
    const customer = await importVoice(client, host, await tokenFor(people.user), 'prefix,rate\n45,0.01\n')
    customer.assertStatus(403)
    assert.equal((await tenancy.configs.current(tenant)).version, before.version)
  })

  test('the admin quote shows cost, price and margin', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Quote Voice', dkk([{ prefix: '45', perMinuteMicros: 30_000 }]))
    const response = await quote(client, host, await tokenFor(people.owner), '/api/v1/admin/pricing/quote', '+4533123456', 90)
    response.assertStatus(200)
    assert.include(response.body().data, {
      costMicros: 15_000,
      priceMicros: 60_000,
      marginMicros: 45_000,
      billableSeconds: 120,
      prefix: '45',
      source: 'explicit',
      currency: 'DKK',
    })
    const covered = await quote(client, host, await tokenFor(people.owner), '/api/v1/admin/pricing/quote', '+4520123456', 60)
    assert.include(covered.body().data, { costMicros: 20_000, priceMicros: 30_000, source: 'explicit', prefix: '45', wholesalePrefix: '452' })
    const marked = await quote(client, host, await tokenFor(people.owner), '/api/v1/admin/pricing/quote', '+447911123456', 60)
    assert.include(marked.body().data, { costMicros: 20_000, priceMicros: 24_000, marginMicros: 4_000, source: 'markup', prefix: '447' })
  })

  test('the editor shows each rate beside wholesale and flags a rate below cost', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand(
      'Margin Voice',
      dkk([
        { prefix: '45', perMinuteMicros: 15_000 },
        { prefix: '452', perMinuteMicros: 5_000 },
      ])
    )
    const response = await client.get('/admin/pricing').header('host', host).withGuard('web').loginAs(people.owner)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'DKK deck "DKK test deck"')
    const rows = html.split('<tr>').filter((row) => row.includes('name="pricing.voice.'))
    assert.match(rows[0], /data-wholesale>0\.01<[\s\S]*data-margin>\s*0\.005 \(50\.0%\)/)
    assert.notInclude(rows[0], 'below cost')
    assert.match(rows[1], /data-wholesale>0\.02<[\s\S]*-0\.015 \(-75\.0%\)[\s\S]*below cost/)
    const sms = html.slice(html.indexOf('data-table="sms-margins"'), html.indexOf('data-table="mms-margins"'))
    assert.match(sms, /Denmark[\s\S]*0\.01<[\s\S]*data-wholesale>0\.03<[\s\S]*-0\.02 \(-66\.7%\)[\s\S]*below cost/)
  })

  test('the editor saves billing, inbound, dated rates and markup-priced messages', async ({ client, assert }) => {
    const { tenant, host, people } = await throwawayBrand('Form Voice', dkk())
    const response = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form({
        'pricing.currency': 'dkk',
        'pricing.markupBasisPoints': '1500',
        'pricing.markupFixedMicros': '0.001',
        'pricing.billing.firstIncrementSeconds': '30',
        'pricing.billing.nextIncrementSeconds': '6',
        'pricing.billing.minimumSeconds': '10',
        'pricing.billing.connectionFeeMicros': '0.05',
        'pricing.inbound.charged': '1',
        'pricing.inbound.perMinuteMicros': '0.002',
        'pricing.voice.0.prefix': '45',
        'pricing.voice.0.description': 'Denmark',
        'pricing.voice.0.perMinuteMicros': '0.03',
        'pricing.voice.0.effectiveFrom': '2027-01-01T00:00:00Z',
        'pricing.messaging.smsPerSegmentMicros': '',
        'pricing.messaging.mmsPerMessageMicros': '0.2',
      })
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(response.flashMessage('inputErrorsBag') ?? {}, {})
    const { pricing } = (await tenancy.configs.current(tenant)).document
    assert.deepEqual(pricing.billing, { firstIncrementSeconds: 30, nextIncrementSeconds: 6, minimumSeconds: 10, connectionFeeMicros: 50_000 })
    assert.deepEqual(pricing.inbound, { charged: true, perMinuteMicros: 2_000 })
    assert.equal(pricing.markupFixedMicros, 1_000)
    assert.deepEqual(pricing.voice, [{ prefix: '45', description: 'Denmark', perMinuteMicros: 30_000, effectiveFrom: '2027-01-01T00:00:00.000Z' }])
    assert.deepEqual(pricing.messaging, { smsPerSegmentMicros: null, mmsPerMessageMicros: 200_000 })

    const bad = await client
      .put('/admin/pricing')
      .header('host', host)
      .withGuard('web')
      .loginAs(people.owner)
      .withCsrfToken()
      .form({ 'pricing.currency': 'DKK', 'pricing.markupBasisPoints': '0', 'pricing.billing.firstIncrementSeconds': '0', 'pricing.voice.0.prefix': '45', 'pricing.voice.0.perMinuteMicros': '0.01', 'pricing.voice.0.effectiveFrom': 'next week' })
      .redirects(0)
    assert.includeMembers(Object.keys(bad.flashMessage('inputErrorsBag')), ['pricing.voice.0.effectiveFrom'])
  })
})

test.group('Rating: what customers are quoted', (group) => {
  group.setup(async () => {
    const { default: WholesaleDeck } = await import('#models/wholesale_deck')
    const existing = await WholesaleDeck.query().where('currency', 'DKK').where('status', 'active').first()
    if (!existing) await deckImports.import(DKK_DECK, { currency: 'DKK', name: 'DKK test deck', increments: '1/1', createdBy: 'rating spec' })
  })

  test('a customer sees their price, never the cost', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Customer Voice', dkk([{ prefix: '45', perMinuteMicros: 30_000 }]))
    const response = await quote(client, host, await tokenFor(people.user), '/api/v1/rates/quote', '+4533123456', 61)
    response.assertStatus(200)
    const data = response.body().data
    assert.deepEqual(data, {
      destination: '+4533123456',
      seconds: 61,
      currency: 'DKK',
      priceMicros: 60_000,
      ratePerMinuteMicros: 30_000,
      billableSeconds: 120,
      prefix: '45',
      description: 'Zone 45',
    })
    assert.notInclude(JSON.stringify(response.body()), 'cost')
  })

  test("brand A's customers are quoted A's prices, brand B's customers B's", async ({ client, assert }) => {
    const a = await throwawayBrand('Brand A', dkk([{ prefix: '45', perMinuteMicros: 30_000 }]))
    const b = await throwawayBrand('Brand B', dkk([{ prefix: '45', perMinuteMicros: 90_000 }]))
    const quoteA = await quote(client, a.host, await tokenFor(a.people.user), '/api/v1/rates/quote', '+4533123456')
    const quoteB = await quote(client, b.host, await tokenFor(b.people.user), '/api/v1/rates/quote', '+4533123456')
    assert.equal(quoteA.body().data.priceMicros, 30_000)
    assert.equal(quoteB.body().data.priceMicros, 90_000)
    await importVoice(client, b.host, await tokenFor(b.people.owner), 'prefix,rate\n45,0.12\n')
    assert.equal((await quote(client, a.host, await tokenFor(a.people.user), '/api/v1/rates/quote', '+4533123456')).body().data.priceMicros, 30_000)
    assert.equal((await quote(client, b.host, await tokenFor(b.people.user), '/api/v1/rates/quote', '+4533123456')).body().data.priceMicros, 120_000)
    const crossed = await quote(client, a.host, await tokenFor(b.people.user), '/api/v1/rates/quote', '+4533123456')
    crossed.assertStatus(401)
  })

  test('no rate, bad input, or calls switched off: a clear 4xx', async ({ client, assert }) => {
    const { host, people } = await throwawayBrand('Edge Voice', dkk())
    const token = await tokenFor(people.user)
    const unknown = await quote(client, host, token, '/api/v1/rates/quote', '+81312345678')
    unknown.assertStatus(422)
    assert.equal(unknown.body().error.code, 'NO_RATE')
    assert.include(unknown.body().error.message, '+81312345678')
    const malformed = await quote(client, host, token, '/api/v1/rates/quote', '0044 20', 60)
    malformed.assertStatus(422)
    assert.equal(malformed.body().error.fields[0].field, 'destination')
    const negative = await quote(client, host, token, '/api/v1/rates/quote', '+4533123456', -5)
    assert.equal(negative.body().error.fields[0].field, 'seconds')

    const noDeck = await throwawayBrand('Zloty Voice', { pricing: { currency: 'PLN' } })
    const zloty = await quote(client, noDeck.host, await tokenFor(noDeck.people.user), '/api/v1/rates/quote', '+4533123456')
    assert.equal(zloty.body().error.code, 'NO_RATE')

    const off = await throwawayBrand('Quiet Voice', { ...dkk(), features: { voice: false } })
    const disabled = await quote(client, off.host, await tokenFor(off.people.user), '/api/v1/rates/quote', '+4533123456')
    disabled.assertStatus(403)
    assert.equal(disabled.body().error.code, 'FEATURE_DISABLED')
  })
})
