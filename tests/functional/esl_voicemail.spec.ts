import { test } from '@japa/runner'
import { randomInt, randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import drive from '@adonisjs/drive/services/main'
import mail from '@adonisjs/mail/services/main'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import PhoneNumber from '#models/phone_number'
import Voicemail from '#models/voicemail'
import callService from '#services/calls/call_service'
import voicemailService, { MAX_VOICEMAIL_BYTES, VoicemailRejectedError } from '#services/voicemail/voicemail_service'
import { toE164 } from '#services/phone'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { sipDomainOf } from '#telephony/sip_domain'
import { FakeFreeSwitch, voicemailEvent } from '#tests/stand_ins/fake_freeswitch'
import { addUser, brand } from '#tests/helpers'
import { driverOn, nextHandled } from '#tests/esl_helpers'

/** A short, valid WAV file: 8 kHz, 16-bit mono, `samples` of a quiet tone. */
function wav(samples = 800) {
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin(i / 4)), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(8000, 24)
  header.writeUInt32LE(16000, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

/** A fresh Acme user with a number of their own (the demo users' voicemail stays untouched). */
async function userWithNumber() {
  const acme = await brand('acme')
  const user = await addUser(acme, `esl-vm-${randomUUID().slice(0, 8)}@acme.test`, 'user')
  let e164: string | null = null
  while (!e164) e164 = toE164(`+1212555${randomInt(1000, 9999)}`)
  const number = await runForTenant(acme, () =>
    PhoneNumber.create({ userId: user.id, e164, country: 'US', type: 'local', status: 'active', isPrimary: true, voiceEnabled: true, monthlyPriceMicros: 1_000_000, monthlyCostMicros: 500_000 })
  )
  const snapshot = (await tenancy.resolver.snapshot(acme.id))!
  return { acme, user, number, snapshot, domain: sipDomainOf(snapshot) }
}

const voicemailsOf = (acme: Tenant, user: User) => runForTenant(acme, () => Voicemail.query().where('user_id', user.id))

test.group('FreeSWITCH voicemail events', (group) => {
  let fake: FakeFreeSwitch
  let recording: string
  let disk: ReturnType<typeof drive.fake>
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    recording = join(tmpdir(), `esl-vm-${randomUUID()}.wav`)
    await writeFile(recording, wav())
    disk = drive.fake()
    return async () => {
      drive.restore()
      mail.restore()
      await fake.stop()
      await rm(recording, { force: true })
    }
  })

  test('a leave-message event stores the recording, the voicemail and tells the user', async ({ assert, cleanup }) => {
    const { messages } = mail.fake()
    const { acme, user, number, domain } = await userWithNumber()
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const messageUuid = randomUUID()
    const handled = nextHandled(driver)
    const delivered = fake.emitEvent(
      voicemailEvent({ user: `vm-${number.e164.slice(1)}`, domain, filePath: recording, callerNumber: '+12025550143', callerName: 'Bob', seconds: 7, messageUuid })
    )
    assert.equal(delivered, 1, 'the driver subscribed to CUSTOM vm::maintenance')
    const [[, stored]] = await handled

    const [voicemail] = await voicemailsOf(acme, user)
    assert.equal((stored as Voicemail).id, voicemail.id)
    assert.include(
      { phoneNumberId: voicemail.phoneNumberId, caller: voicemail.caller, durationSeconds: voicemail.durationSeconds, audioType: voicemail.audioType, audioBytes: voicemail.audioBytes },
      { phoneNumberId: number.id, caller: '+12025550143', durationSeconds: 7, audioType: 'audio/wav', audioBytes: wav().length }
    )
    assert.equal(voicemail.audioKey, `tenants/${acme.id}/voicemail/${messageUuid}.wav`)
    disk.assertExists(voicemail.audioKey)
    assert.deepEqual(await voicemailService.bytes(voicemail), wav())

    const sent = messages.sent()
    assert.lengthOf(sent, 1)
    const message = sent[0].toJSON().message
    assert.deepEqual(message.to, [user.email])
    assert.include(message.subject!, 'New voicemail from +1 202 555 0143')
    assert.include(message.text as string, '(7 s)')
  })

  test('the same event twice leaves one voicemail and one mail', async ({ assert, cleanup }) => {
    const { messages } = mail.fake()
    const { acme, user, number, domain } = await userWithNumber()
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const event = voicemailEvent({ user: `vm-${number.e164.slice(1)}`, domain, filePath: recording, callerNumber: '+12025550143', seconds: 7 })
    const handled = nextHandled(driver, 2)
    fake.emitEvent(event)
    fake.emitEvent(event.clone())
    await handled
    assert.lengthOf(await voicemailsOf(acme, user), 1)
    assert.lengthOf(messages.sent(), 1)
  })

  test('a message on an inbound call we routed is linked to that call', async ({ assert, cleanup }) => {
    mail.fake()
    const { acme, user, number, snapshot, domain } = await userWithNumber()
    const call = await runForTenant(acme, () =>
      callService.openInbound(snapshot, { userId: user.id, phoneNumberId: number.id, from: '+12025550143', to: number.e164, route: 'voicemail', switch: 'freeswitch' })
    )
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const handled = nextHandled(driver)
    fake.emitEvent(
      voicemailEvent({ user: `vm-${number.e164.slice(1)}`, domain, filePath: recording, callerNumber: '+12025550143', seconds: 3, variables: { variable_brandline_call_uuid: call.uuid } })
    )
    await handled
    const [voicemail] = await voicemailsOf(acme, user)
    assert.equal(voicemail.callUuid, call.uuid)
    assert.equal(voicemail.audioKey.startsWith(`tenants/${acme.id}/voicemail/`), true)
  })

  test('unknown boxes, another brand domain and unreadable recordings are logged and dropped', async ({ assert, cleanup }) => {
    const { messages } = mail.fake()
    const { acme, user, number, domain } = await userWithNumber()
    const globex = await brand('globex')
    const globexDomain = sipDomainOf((await tenancy.resolver.snapshot(globex.id))!)
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const box = `vm-${number.e164.slice(1)}`
    const handled = nextHandled(driver, 4)
    fake.emitEvent(voicemailEvent({ user: 'vm-12125550000', domain, filePath: recording, callerNumber: '+12025550143', seconds: 3 }))
    fake.emitEvent(voicemailEvent({ user: box, domain: globexDomain, filePath: recording, callerNumber: '+12025550143', seconds: 3 }))
    fake.emitEvent(voicemailEvent({ user: box, domain, filePath: join(tmpdir(), 'missing-recording.wav'), callerNumber: '+12025550143', seconds: 3 }))
    fake.emitEvent(voicemailEvent({ user: box, domain, filePath: '/etc/passwd', callerNumber: '+12025550143', seconds: 3 }))
    assert.deepEqual((await handled).map(([, outcome]) => outcome), [null, null, null, null])
    assert.lengthOf(await voicemailsOf(acme, user), 0)
    assert.lengthOf(messages.sent(), 0)
  })
})

test.group('Voicemail service', (group) => {
  group.each.setup(() => {
    const disk = drive.fake()
    mail.fake()
    return () => {
      disk.clear()
      drive.restore()
      mail.restore()
    }
  })

  test('refuses other audio types, empty and oversized recordings with the field at fault, storing nothing', async ({ assert }) => {
    const { acme, user, number, snapshot } = await userWithNumber()
    const base = { userId: user.id, phoneNumberId: number.id, callUuid: null, caller: '+12025550143', durationSeconds: 3, audio: wav(), type: 'audio/wav' }
    const cases: [Partial<typeof base>, string][] = [
      [{ type: 'audio/ogg' }, 'type'],
      [{ audio: Buffer.alloc(0) }, 'audio'],
      [{ audio: Buffer.alloc(MAX_VOICEMAIL_BYTES + 1) }, 'audio'],
    ]
    for (const [changes, field] of cases) {
      const error = await voicemailService.store(snapshot, { ...base, ...changes }).catch((caught) => caught)
      assert.instanceOf(error, VoicemailRejectedError)
      assert.equal(error.status, 422)
      assert.equal(error.fields[0].field, field)
    }
    assert.lengthOf(await voicemailsOf(acme, user), 0)
  })

  test('reads the audio back as a stream and removes file and row together', async ({ assert }) => {
    const { acme, user, number, snapshot } = await userWithNumber()
    const stored = await voicemailService.store(snapshot, { userId: user.id, phoneNumberId: number.id, callUuid: randomUUID(), caller: 'anonymous', durationSeconds: 1, audio: wav(80), type: 'audio/wav' })
    const { stream, type, bytes } = await voicemailService.read(stored)
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(Buffer.from(chunk))
    assert.deepEqual(Buffer.concat(chunks), wav(80))
    assert.deepEqual([type, bytes], ['audio/wav', wav(80).length])

    await runForTenant(acme, () => voicemailService.remove(stored))
    assert.isFalse(await drive.use().exists(stored.audioKey))
    assert.lengthOf(await voicemailsOf(acme, user), 0)
  })
})
