import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import PlatformUser from '#models/platform_user'
import WholesaleDeck from '#models/wholesale_deck'
import { DEMO_OPERATOR } from '#database/seeders/demo_data'
import { ACME, PLATFORM, tokenFor, userOf } from '#tests/helpers'
import { eventually, throwawayBrand } from './admin_helpers.js'

/**
 * Wholesale decks are the platform's, one active per currency. These specs use currencies no
 * demo brand prices in (CHF, SEK, NOK), so the demo USD and EUR decks stay as seeded.
 */
const API = '/api/v1/platform/rates'

async function operatorToken() {
  const operator = await PlatformUser.findByOrFail('email', DEMO_OPERATOR.email)
  return (await PlatformUser.accessTokens.create(operator)).value!.release()
}

function upload(client: ApiClient, token: string, csv: string, fields: Record<string, string>) {
  return client
    .post(`${API}/decks`)
    .header('host', PLATFORM)
    .bearerToken(token)
    .fields(fields)
    .file('file', Buffer.from(csv), { filename: 'deck.csv', contentType: 'text/csv' })
}

/** What a brand pricing in `currency` is charged and costs for a minute to a destination (the admin's quote API). */
async function quoteIn(client: ApiClient, currency: string, destination: string) {
  const { host, people } = await throwawayBrand('Rated Voice', { pricing: { currency, voice: [] } })
  const token = await tokenFor(people.owner)
  const response = await client
    .get('/api/v1/admin/pricing/quote')
    .qs({ destination, seconds: 60 })
    .header('host', host)
    .bearerToken(token)
  return response
}

async function counts() {
  const [decks] = await db.from('wholesale_decks').count('* as total')
  const [rates] = await db.from('wholesale_rates').count('* as total')
  return { decks: Number(decks.total), rates: Number(rates.total) }
}

test.group('Rating: platform API', () => {
  test('a good deck imports, becomes the active deck of its currency, and quotes change', async ({ client, assert }) => {
    const token = await operatorToken()
    const first = await upload(client, token, 'prefix,rate,description\n44,0.010,United Kingdom\n447,0.020,UK mobile\n', {
      currency: 'chf',
      name: 'Carrier A',
      increments: '6/6',
    })
    first.assertStatus(201)
    assert.include(first.body().data, { currency: 'CHF', status: 'active', rowCount: 2, increments: '6/6', createdBy: `platform:${DEMO_OPERATOR.email}` })
    const before = await quoteIn(client, 'CHF', '+447911123456')
    before.assertStatus(200)
    assert.include(before.body().data, { costMicros: 20_000, wholesalePrefix: '447', currency: 'CHF' })

    const second = await upload(client, token, 'prefix,rate,description\n44,0.011,United Kingdom\n447,0.030,UK mobile\n', { currency: 'CHF', name: 'Carrier B' })
    second.assertStatus(201)
    const after = await quoteIn(client, 'CHF', '+447911123456')
    assert.equal(after.body().data.costMicros, 30_000)

    const list = await client.get(`${API}/decks`).qs({ currency: 'CHF' }).header('host', PLATFORM).bearerToken(token)
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((deck: any) => [deck.name, deck.status]),
      [['Carrier B', 'active'], ['Carrier A', 'archived']]
    )
  })

  test('a bad CSV is refused whole: 422 names each line, the old deck stays active, no rows are added', async ({ client, assert }) => {
    const token = await operatorToken()
    ;(await upload(client, token, 'prefix,rate\n49,0.009\n', { currency: 'CHF', name: 'Good' })).assertStatus(201)
    const active = await WholesaleDeck.query().where('currency', 'CHF').where('status', 'active').firstOrFail()
    const before = await counts()

    const csv = ['prefix,rate,description', '49,0.012,Germany', '4915,-0.03,Germany mobile', '+33,0.01,France', '34,99999,Spain'].join('\n')
    const response = await upload(client, token, csv, { currency: 'CHF', name: 'Broken' })
    response.assertStatus(422)
    const { error } = response.body()
    assert.equal(error.code, 'VALIDATION_FAILED')
    assert.match(error.message, /3 errors; nothing was imported/)
    assert.deepEqual(
      error.fields.map((f: any) => f.field),
      ['line 3: rate', 'line 4: prefix', 'line 5: rate']
    )
    assert.deepEqual(await counts(), before)
    await active.refresh()
    assert.equal(active.status, 'active')
    assert.equal((await quoteIn(client, 'CHF', '+4930123456')).body().data.costMicros, 9_000)
  })

  test('unknown currency, bad increments, no file: 422 naming the field, nothing changed', async ({ client, assert }) => {
    const token = await operatorToken()
    const before = await counts()
    const currency = await upload(client, token, 'prefix,rate\n44,0.01\n', { currency: 'XYZ', name: 'Nope' })
    currency.assertStatus(422)
    assert.equal(currency.body().error.fields[0].field, 'currency')
    const increments = await upload(client, token, 'prefix,rate\n44,0.01\n', { currency: 'CHF', name: 'Nope', increments: '0/6' })
    assert.equal(increments.body().error.fields[0].field, 'increments')
    const noFile = await client.post(`${API}/decks`).header('host', PLATFORM).bearerToken(token).json({ currency: 'CHF', name: 'Nope' })
    noFile.assertStatus(422)
    assert.include(noFile.body().error.fields.map((f: any) => f.field), 'file')
    const empty = await upload(client, token, 'prefix,rate\n', { currency: 'CHF', name: 'Empty' })
    empty.assertStatus(422)
    assert.deepEqual(await counts(), before)
  })

  test('lookup says which prefix matched, per service, at an instant', async ({ client, assert }) => {
    const token = await operatorToken()
    const lookup = (qs: Record<string, string>) => client.get(`${API}/lookup`).qs(qs).header('host', PLATFORM).bearerToken(token)
    const isleOfMan = await lookup({ currency: 'USD', destination: '+447624123456' })
    isleOfMan.assertStatus(200)
    const data = isleOfMan.body().data
    assert.include(data.voice, { prefix: '447624', rateMicros: 220_000, description: 'Isle of Man mobile' })
    assert.include(data.sms, { prefix: '44', rateMicros: 30_000 })
    assert.include(data.mms, { prefix: '44' })
    assert.equal(data.deck.name, 'Demo USD deck')

    const withoutPlus = await lookup({ currency: 'USD', destination: '447911123456' })
    assert.include(withoutPlus.body().data.voice, { prefix: '4479', rateMicros: 14_000 })
    const ukMobile = await lookup({ currency: 'USD', destination: '+447311123456', at: '2027-01-01T00:00:00Z' })
    assert.include(ukMobile.body().data.voice, { prefix: '447', rateMicros: 17_000, effectiveFrom: '2027-01-01T00:00:00.000Z' })
    const ukMobileBefore = await lookup({ currency: 'USD', destination: '+447311123456', at: '2026-12-31T23:59:59.999Z' })
    assert.include(ukMobileBefore.body().data.voice, { prefix: '447', rateMicros: 15_000 })

    const noDeck = await lookup({ currency: 'JPY', destination: '+81312345678' })
    assert.isNull(noDeck.body().data.deck)
    assert.isNull(noDeck.body().data.voice)
    const bad = await lookup({ currency: 'USD', destination: '+44 20 7123' })
    bad.assertStatus(422)
    assert.equal(bad.body().error.fields[0].field, 'destination')
  })

  test('number costs: read, replace with a future-dated row, refuse bad rows whole', async ({ client, assert }) => {
    const token = await operatorToken()
    const put = (body: unknown) => client.put(`${API}/numbers`).header('host', PLATFORM).bearerToken(token).json(body)
    const saved = await put({
      currency: 'CHF',
      costs: [
        { country: 'ch', type: 'local', setupMicros: 0, monthlyMicros: 900_000 },
        { country: 'CH', type: 'local', setupMicros: 0, monthlyMicros: 1_100_000, effectiveFrom: '2027-01-01T00:00:00Z' },
      ],
    })
    saved.assertStatus(200)
    assert.deepEqual(saved.body().data.costs, [
      { country: 'CH', type: 'local', setupMicros: 0, monthlyMicros: 900_000, effectiveFrom: null },
      { country: 'CH', type: 'local', setupMicros: 0, monthlyMicros: 1_100_000, effectiveFrom: '2027-01-01T00:00:00.000Z' },
    ])
    const read = await client.get(`${API}/numbers`).qs({ currency: 'CHF' }).header('host', PLATFORM).bearerToken(token)
    assert.deepEqual(read.body().data.costs, saved.body().data.costs)

    const badType = await put({ currency: 'CHF', costs: [{ country: 'CH', type: 'satellite', setupMicros: 0, monthlyMicros: 1 }] })
    badType.assertStatus(422)
    assert.equal(badType.body().error.fields[0].field, 'costs.0.type')
    const absurd = await put({ currency: 'CHF', costs: [{ country: 'CH', type: 'local', setupMicros: 0, monthlyMicros: 1e15 }] })
    assert.equal(absurd.body().error.fields[0].field, 'costs.0.monthlyMicros')
    const twice = await put({
      currency: 'CHF',
      costs: [
        { country: 'CH', type: 'mobile', setupMicros: 0, monthlyMicros: 1 },
        { country: 'CH', type: 'mobile', setupMicros: 0, monthlyMicros: 2 },
      ],
    })
    twice.assertStatus(422)
    assert.equal(twice.body().error.fields[0].field, 'costs.1.effectiveFrom')
    const unknown = await put({ currency: 'QQQ', costs: [] })
    unknown.assertStatus(422)
    const after = await client.get(`${API}/numbers`).qs({ currency: 'CHF' }).header('host', PLATFORM).bearerToken(token)
    assert.deepEqual(after.body().data.costs, saved.body().data.costs)
  })

  test('a brand admin cannot reach the platform rate routes, by token or by session', async ({ client, assert }) => {
    const admin = await userOf('acme', 'admin@acme.test')
    const brandToken = await tokenFor(admin)
    const before = await counts()
    for (const [method, path] of [['get', `${API}/decks`], ['post', `${API}/decks`], ['get', `${API}/lookup`], ['put', `${API}/numbers`]] as const) {
      const response = await client.request(path, method.toUpperCase() as any).header('host', PLATFORM).bearerToken(brandToken).json({})
      assert.equal(response.status(), 401, `${method} ${path}`)
    }
    const onBrandHost = await client.get(`${API}/decks`).header('host', ACME).bearerToken(brandToken)
    onBrandHost.assertStatus(404)
    for (const path of ['/rates', '/rates/numbers']) {
      const page = await client.get(path).header('host', PLATFORM).withGuard('web').loginAs(admin).redirects(0)
      assert.equal(page.status(), 302, path)
      assert.equal(page.header('location'), '/login')
    }
    assert.deepEqual(await counts(), before)
  })
})

test.group('Rating: every instance rebuilds', () => {
  test('a deck change announced on Redis by another instance drops this one\'s cached index', async ({ client, assert }) => {
    const token = await operatorToken()
    ;(await upload(client, token, 'prefix,rate\n41,0.010\n', { currency: 'CHF', name: 'Swiss A' })).assertStatus(201)
    const { default: rating } = await import('#services/rating/rating_service')
    const cached = await rating.deckFor('CHF')
    assert.equal(cached!.voice.match('+41441234567', Date.now())!.rateMicros, 10_000)

    /** Another instance imports a deck: its rows land in the shared database, then it publishes on Redis. */
    await db.transaction(async (trx) => {
      await trx.from('wholesale_decks').where('currency', 'CHF').where('status', 'active').update({ status: 'archived' })
      const [id] = await trx.table('wholesale_decks').insert({
        currency: 'CHF',
        name: 'Swiss B',
        status: 'active',
        row_count: 1,
        first_increment_seconds: 1,
        next_increment_seconds: 1,
        created_by: 'another instance',
        created_at: new Date(),
        activated_at: new Date(),
      })
      await trx.table('wholesale_rates').insert({ deck_id: id, service: 'voice', prefix: '41', description: '', rate_micros: 12_000 })
    })
    assert.strictEqual(await rating.deckFor('CHF'), cached, 'no message yet: the cached index is still used')
    const { default: redis } = await import('@adonisjs/redis/services/main')
    await redis.publish(app.config.get<string>('rating.busChannel'), JSON.stringify({ currency: 'CHF', reason: 'deck' }))
    assert.isTrue(await eventually(async () => (await rating.deckFor('CHF'))!.name === 'Swiss B'))
    assert.equal((await quoteIn(client, 'CHF', '+41441234567')).body().data.costMicros, 12_000)
  })
})

test.group('Rating: platform console pages', (group) => {
  let root: PlatformUser
  group.setup(async () => {
    root = await PlatformUser.findByOrFail('email', DEMO_OPERATOR.email)
  })
  const page = (client: ApiClient, path: string) => client.get(path).header('host', PLATFORM).withGuard('platform_web').loginAs(root)

  test('the decks page lists decks and looks a destination up', async ({ client, assert }) => {
    const response = await page(client, '/rates').qs({ currency: 'USD', destination: '+447624123456' })
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Demo USD deck')
    assert.include(html, 'Demo EUR deck')
    assert.match(html, /data-service="voice">[\s\S]*?<code data-prefix>447624<\/code>/)
    assert.include(html, '$0.22/min')
  })

  test('an uploaded deck with bad rows comes back with every line listed; a good one activates', async ({ client, assert }) => {
    const post = (csv: string, name: string) =>
      client
        .post('/rates/decks')
        .header('host', PLATFORM)
        .withGuard('platform_web')
        .loginAs(root)
        .withCsrfToken()
        .fields({ currency: 'SEK', name, increments: '1/1' })
        .file('file', Buffer.from(csv), { filename: 'deck.csv', contentType: 'text/csv' })
        .redirects(0)
    const bad = await post('prefix,rate\n46,0.01\n468,abc\n4670,0.02,extra\n', 'Broken SEK')
    bad.assertStatus(302)
    const listed = await page(client, '/rates').withFlashMessages(bad.flashMessages())
    assert.include(listed.text(), '<strong>line 3: rate</strong>')
    assert.include(listed.text(), '<strong>line 4: row</strong>')
    assert.isNull(await WholesaleDeck.query().where('currency', 'SEK').first())

    const good = await post('prefix,rate\n46,0.01\n468,0.02\n', 'Good SEK')
    good.assertFlashMessage('success', 'Deck "Good SEK" is now the active SEK deck (2 rates).')
    const deck = await WholesaleDeck.query().where('currency', 'SEK').firstOrFail()
    assert.equal(deck.status, 'active')
  })

  test('number costs save from the form, amounts typed as decimals', async ({ client, assert }) => {
    const form = await page(client, '/rates/numbers').qs({ currency: 'USD' })
    form.assertStatus(200)
    assert.include(form.text(), 'name="costs.0.country" value="CA"')
    assert.match(form.text(), /name="costs\.\d+\.country" value="GB"[\s\S]*?name="costs\.\d+\.monthlyMicros" value="1\.50"/)
    const saved = await client
      .put('/rates/numbers')
      .header('host', PLATFORM)
      .withGuard('platform_web')
      .loginAs(root)
      .withCsrfToken()
      .form({
        'currency': 'SEK',
        'costs.0.country': 'SE',
        'costs.0.type': 'local',
        'costs.0.setupMicros': '0',
        'costs.0.monthlyMicros': '4.5',
        'costs.0.effectiveFrom': '',
        'costs.1.country': '',
        'costs.1.type': '',
        'costs.1.setupMicros': '',
        'costs.1.monthlyMicros': '',
      })
      .redirects(0)
    saved.assertStatus(302)
    saved.assertFlashMessage('success', 'Saved the SEK number costs.')
    const rows = await db.from('wholesale_number_costs').where('currency', 'SEK')
    assert.lengthOf(rows, 1)
    assert.equal(Number(rows[0].monthly_micros), 4_500_000)
  })
})

test.group('Rating: ace rates:import', () => {
  async function csvFile(contents: string) {
    const dir = await mkdtemp(join(tmpdir(), 'rates-'))
    const path = join(dir, 'deck.csv')
    await writeFile(path, contents)
    return path
  }

  async function run(args: string[]) {
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')
    const command = await ace.exec('rates:import', args)
    const logs = command.ui.logger.getLogs().map((log) => log.message).join('\n')
    return { command, logs }
  }

  test('imports a deck file and makes it the active deck', async ({ assert }) => {
    const path = await csvFile('prefix,rate,description,effective_from,service\n47,0.01,Norway,,\n479,0.04,Norway mobile,,\n47,0.05,Norway,,sms\n')
    const { command, logs } = await run([path, '--currency=NOK', '--name=Nordic carrier', '--increments=6/6'])
    assert.equal(command.exitCode, 0, logs)
    assert.include(logs, 'is now the active NOK deck: 3 rates')
    const deck = await WholesaleDeck.query().where('currency', 'NOK').where('status', 'active').firstOrFail()
    assert.include(deck.serialize(), { name: 'Nordic carrier', rowCount: 3, firstIncrementSeconds: 6, nextIncrementSeconds: 6 })
  })

  test('a file with bad rows prints each line, imports nothing and exits 1', async ({ assert }) => {
    const before = await counts()
    const path = await csvFile('prefix,rate\n47,0.01\n47x,0.02\n48,1.0000001\n')
    const { command, logs } = await run([path, '--currency=NOK'])
    assert.equal(command.exitCode, 1)
    assert.include(logs, 'line 3: prefix')
    assert.include(logs, 'line 4: rate')
    assert.deepEqual(await counts(), before)
    const missing = await run(['/nonexistent/deck.csv', '--currency=NOK'])
    assert.equal(missing.command.exitCode, 1)
  })
})
