import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { defaultConfig } from '#tenants/config/defaults'
import { deepMerge } from '#tenants/config/merge'
import { encryptSecret } from '#tenants/config/secrets'
import { VoiceManager, type FreeSwitchSettings, type VoiceTenant } from '#telephony/voice/manager'
import { LazyVoiceDriver } from '#telephony/voice/lazy_driver'
import { VoiceConfigError } from '#telephony/voice/errors'
import { SimulatedVoiceDriver } from '#telephony/drivers/simulated_voice_driver'
import { FreeSwitchVoiceDriver } from '#telephony/drivers/freeswitch_driver'
import type { OriginateRequest, VoiceDriver } from '#telephony/types'

/** A brand as the manager sees it: id, slug and the stored config (secrets sealed, as in the database). */
function brandWith(id: number, telephony: Record<string, any>): VoiceTenant {
  return { id, slug: `b${id}`, config: deepMerge(defaultConfig(), { telephony }) as any }
}

/** Factories that record what the manager asked for, instead of connecting anywhere. */
function recordingFactories() {
  const built: { kind: string; settings?: FreeSwitchSettings; closed: boolean }[] = []
  const driver = (kind: string, settings?: FreeSwitchSettings) => {
    const record = { kind, settings, closed: false }
    built.push(record)
    return {
      name: kind,
      originate: async (_request: OriginateRequest) => ({ switchRef: 'x' }),
      hangup: async () => {},
      transfer: async () => {},
      close: async () => void (record.closed = true),
    }
  }
  return {
    built,
    factories: { simulated: async () => driver('simulated'), freeswitch: async (settings: FreeSwitchSettings) => driver('freeswitch', settings) },
  }
}

const resolve = (driver: VoiceDriver) => (driver as LazyVoiceDriver).resolve()

test.group('Voice manager: a driver per deployment model', (group) => {
  const pool = app.config.get<{ hosts: string[]; password: string }>('telephony.freeswitch')
  group.each.setup(() => {
    const { hosts, password } = pool
    app.config.set('telephony.freeswitch.hosts', ['fs-pool-1.internal:8021', 'fs-pool-2.internal'])
    app.config.set('telephony.freeswitch.password', 'pool-secret')
    return () => {
      app.config.set('telephony.freeswitch.hosts', hosts)
      app.config.set('telephony.freeswitch.password', password)
    }
  })

  test('simulated brands share the in-process switch', async ({ assert }) => {
    const manager = new VoiceManager()
    const one = manager.for(brandWith(1, { model: 'simulated' }))
    const two = manager.for(brandWith(2, { model: 'simulated' }))
    assert.equal(one.name, 'simulated')
    assert.strictEqual(one, two)
    assert.instanceOf(await resolve(one), SimulatedVoiceDriver)
    assert.instanceOf(await manager.simulator(brandWith(1, { model: 'simulated' })), SimulatedVoiceDriver)
    assert.isNull(await manager.simulator(brandWith(3, { model: 'saas' })))
    await manager.restore()
  })

  test('saas uses the platform pool, dedicated and on_premise the brand hosts with the decrypted password, hybrid the pool through the brand trunk', async ({ assert }) => {
    const { built, factories } = recordingFactories()
    const manager = new VoiceManager(factories)
    const saas = manager.for(brandWith(1, { model: 'saas' }))
    assert.equal(saas.name, 'saas')
    await resolve(saas)
    assert.deepEqual(built[0].settings, { hosts: ['fs-pool-1.internal:8021', 'fs-pool-2.internal'], password: 'pool-secret', name: 'saas' })

    const dedicated = manager.for(brandWith(2, { model: 'dedicated', freeswitch: { hosts: ['fs.brand2.example:8021'], eslPassword: encryptSecret('brand-two-secret') } }))
    await resolve(dedicated)
    assert.equal(dedicated.name, 'dedicated')
    assert.deepEqual(built[1].settings, { hosts: ['fs.brand2.example:8021'], password: 'brand-two-secret', name: 'dedicated:b2' })

    const onPremise = manager.for(brandWith(3, { model: 'on_premise', freeswitch: { hosts: ['10.0.0.5'], eslPassword: encryptSecret('own-secret') } }))
    await resolve(onPremise)
    assert.deepEqual(built[2].settings, { hosts: ['10.0.0.5'], password: 'own-secret', name: 'on_premise:b3' })

    const hybrid = manager.for(brandWith(4, { model: 'hybrid', sipTrunk: { host: 'pbx.brand4.example', port: 5070, transport: 'udp' } }))
    await resolve(hybrid)
    assert.equal(hybrid.name, 'hybrid')
    assert.deepEqual(built[3].settings, {
      hosts: ['fs-pool-1.internal:8021', 'fs-pool-2.internal'],
      password: 'pool-secret',
      name: 'hybrid:b4',
      pstnGateway: 'pbx.brand4.example:5070',
    })

    assert.strictEqual(manager.for(brandWith(9, { model: 'saas' })), saas, 'saas brands share the pool driver')
    await manager.restore()
    assert.isTrue(built.every((record) => record.closed), 'restore() closes every driver it built')
  })

  test('a settings change builds a new driver and closes the old; the same settings reuse it', async ({ assert }) => {
    const { built, factories } = recordingFactories()
    const manager = new VoiceManager(factories)
    const settings = { model: 'dedicated', freeswitch: { hosts: ['fs-a.example'], eslPassword: encryptSecret('pw-1') } }
    const first = manager.for(brandWith(5, settings))
    await resolve(first)
    assert.strictEqual(manager.for(brandWith(5, settings)), first)

    const moved = manager.for(brandWith(5, { ...settings, freeswitch: { hosts: ['fs-b.example'], eslPassword: encryptSecret('pw-1') } }))
    assert.notStrictEqual(moved, first)
    await resolve(moved)
    await new Promise((r) => setImmediate(r))
    assert.isTrue(built[0].closed, 'the old connection is closed')
    assert.deepEqual(built[1].settings!.hosts, ['fs-b.example'])

    const rekeyed = manager.for(brandWith(5, { ...settings, freeswitch: { hosts: ['fs-b.example'], eslPassword: encryptSecret('pw-2') } }))
    assert.notStrictEqual(rekeyed, moved, 'a new password is a new connection')

    manager.for(brandWith(5, { model: 'saas' }))
    await new Promise((r) => setImmediate(r))
    assert.isTrue(built[1].closed, 'moving to the pool closes the brand own driver')
    await manager.restore()
  })

  test('settings that cannot make a driver name the setting to fix', ({ assert }) => {
    const manager = new VoiceManager(recordingFactories().factories)
    const attempt = (telephony: Record<string, any>) => {
      try {
        manager.for(brandWith(7, telephony))
      } catch (error) {
        assert.instanceOf(error, VoiceConfigError)
        return (error as Error).message
      }
      throw new Error('no error')
    }
    assert.include(attempt({ model: 'pigeon' }), 'telephony.model')
    assert.include(attempt({ model: 'pigeon' }), 'simulated, saas, dedicated, on_premise, hybrid')
    assert.include(attempt({ model: 'dedicated', freeswitch: { hosts: [], eslPassword: encryptSecret('x') } }), 'telephony.freeswitch.hosts')
    assert.include(attempt({ model: 'dedicated', freeswitch: { hosts: ['fs.example'], eslPassword: null } }), 'telephony.freeswitch.eslPassword')
    assert.include(attempt({ model: 'hybrid', sipTrunk: { host: null, port: 5060, transport: 'udp' } }), 'telephony.sipTrunk.host')
    app.config.set('telephony.freeswitch.hosts', [])
    assert.include(attempt({ model: 'saas' }), 'FREESWITCH_HOSTS')
  })

  test('the real factories load the FreeSWITCH driver lazily, with the trunk as PSTN gateway for hybrid brands', async ({ assert }) => {
    const manager = new VoiceManager()
    const hybrid = manager.for(brandWith(8, { model: 'hybrid', sipTrunk: { host: 'pbx.brand8.example', port: 5080, transport: 'tcp' } }))
    const built = await resolve(hybrid)
    assert.instanceOf(built, FreeSwitchVoiceDriver)
    assert.equal(built.name, 'hybrid:b8')
    assert.equal((built as FreeSwitchVoiceDriver).dial.pstnGateway, 'pbx.brand8.example:5080')
    await manager.restore()
  })

  test('fake() answers every brand with the given driver until restore()', async ({ assert }) => {
    const manager = new VoiceManager(recordingFactories().factories)
    const fake = new SimulatedVoiceDriver({ timeline: { ringMs: 1 } })
    manager.fake(fake)
    assert.strictEqual(manager.for(brandWith(1, { model: 'dedicated', freeswitch: { hosts: [], eslPassword: null } })), fake)
    assert.strictEqual(await manager.simulator(brandWith(2, { model: 'saas' })), fake)
    await manager.restore()
    assert.equal(manager.for(brandWith(1, { model: 'saas' })).name, 'saas')
    await manager.restore()
  })
})
