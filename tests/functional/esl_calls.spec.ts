import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import Call from '#models/call'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import WalletHold from '#models/wallet_hold'
import callService from '#services/calls/call_service'
import walletService from '#services/money/wallet_service'
import rating from '#services/rating/rating_service'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import voice from '#telephony/voice/manager'
import { guardLiveCalls } from '#jobs/call_jobs'
import { EslEvent, FakeFreeSwitch } from '#tests/stand_ins/fake_freeswitch'
import { addUser, brand } from '#tests/helpers'
import { fundedWallet, ledgerOf, reload } from '#tests/money_helpers'
import { driverOn, nextHandled } from '#tests/esl_helpers'

const USD = (dollars: number) => dollars * 1_000_000
const DESTINATION = '+12125550100'
const CALLER_ID = '+14155550123'
let serial = 0

/** A fresh Acme user with $25, like ann@acme.test, so the demo wallets stay untouched. */
async function caller() {
  const acme = await brand('acme')
  const user = await addUser(acme, `esl-caller-${Date.now()}-${serial++}@acme.test`, 'user')
  const wallet = await fundedWallet(acme, user, USD(25))
  const snapshot = (await tenancy.resolver.snapshot(acme.id))!
  return { acme, user, wallet, snapshot }
}

/** Click-to-call as the API opens it: rated, first minutes held, ringing. */
async function openCall(acme: Tenant, user: User) {
  const snapshot = (await tenancy.resolver.snapshot(acme.id))!
  const { call } = await runForTenant(acme, () =>
    callService.openOutbound(snapshot, { userId: user.id, destination: DESTINATION, callerId: CALLER_ID, fromNumber: CALLER_ID, switch: 'freeswitch' })
  )
  return call
}

const micros = (at: Date) => String(at.getTime() * 1000)

/** A real captured frame, made a leg of our call. */
function leg(fixture: string, callUuid: string, role: 'device' | 'pstn', at: Date, extra: Record<string, string | number> = {}) {
  const event = EslEvent.fromFixture(fixture).set('variable_brandline_call_uuid', callUuid).set('variable_brandline_leg', role).set('Event-Date-Timestamp', micros(at))
  if (role === 'device') event.set('Unique-ID', callUuid).set('variable_origination_uuid', callUuid)
  for (const [name, value] of Object.entries(extra)) event.set(name, value)
  return event
}

const created = (uuid: string, at: Date) => leg('event_channel_create.txt', uuid, 'device', at)
const answered = (uuid: string, at: Date) => leg('event_channel_answer.txt', uuid, 'pstn', at)
const hungUp = (uuid: string, at: Date, billsec = 66) => leg('event_channel_hangup_complete_answered.txt', uuid, 'pstn', at, { variable_billsec: billsec })

const callNow = (acme: Tenant, id: number) => runForTenant(acme, () => Call.findOrFail(id))
const holdOf = (acme: Tenant, call: Call) => runForTenant(acme, () => WalletHold.findOrFail(call.holdId!))
const callDebits = async (acme: Tenant, walletId: number) =>
  (await ledgerOf(acme, walletId)).filter((entry) => entry.kind === 'debit' && entry.category === 'call')

test.group('FreeSWITCH ESL: channel events become billed calls', (group) => {
  let fake: FakeFreeSwitch
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    return () => fake.stop()
  })

  test('an answered call ended after 66 s is rated, its hold settled, its CDR kept and charged once', async ({ assert, cleanup }) => {
    const { acme, user, wallet, snapshot } = await caller()
    const call = await openCall(acme, user)
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.originate({ callUuid: call.uuid, tenantId: acme.id, deviceUris: ['sip:esl@acme.sip.localhost'], destination: DESTINATION, callerId: CALLER_ID, maxSeconds: 600 })

    const answerAt = new Date(Date.now() + 2000)
    const done = nextHandled(driver, 3)
    fake.emitEvent(created(call.uuid, new Date()))
    fake.emitEvent(answered(call.uuid, answerAt))
    fake.emitEvent(hungUp(call.uuid, new Date(answerAt.getTime() + 66_000)))
    await done

    const cdr = await callNow(acme, call.id)
    const quote = await rating.quoteCall(snapshot, { destination: DESTINATION.slice(1), seconds: 66, direction: 'outbound', at: cdr.answeredAt!.toJSDate() })
    assert.isAbove(quote.priceMicros, 0)
    assert.include(
      { status: cdr.status, switchRef: cdr.switchRef, hangupCause: cdr.hangupCause, sipCode: cdr.sipCode, billableSeconds: cdr.billableSeconds },
      { status: 'completed', switchRef: call.uuid, hangupCause: 'NORMAL_CLEARING', sipCode: 200, billableSeconds: quote.billableSeconds }
    )
    assert.equal(cdr.answeredAt!.toMillis(), Math.floor(answerAt.getTime() / 1000) * 1000)
    assert.deepEqual([cdr.priceMicros, cdr.costMicros, cdr.chargedMicros, cdr.uncollectedMicros], [quote.priceMicros, quote.costMicros, quote.priceMicros, 0])
    assert.equal((await holdOf(acme, cdr)).status, 'settled')

    const after = await reload(acme, wallet.id)
    assert.equal(after.balanceMicros, USD(25) - quote.priceMicros)
    assert.equal(after.heldMicros, 0)
    const debits = await callDebits(acme, wallet.id)
    assert.lengthOf(debits, 1)
    assert.equal(debits[0].amountMicros, -quote.priceMicros)
    assert.equal(debits[0].costMicros, quote.costMicros)
  })

  test('a call nobody answered releases its hold and charges nothing', async ({ assert, cleanup }) => {
    const { acme, user, wallet } = await caller()
    const call = await openCall(acme, user)
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const done = nextHandled(driver, 2)
    fake.emitEvent(created(call.uuid, new Date()))
    fake.emitEvent(leg('event_channel_hangup_complete_unanswered.txt', call.uuid, 'device', new Date(Date.now() + 20_000)))
    await done

    const cdr = await callNow(acme, call.id)
    assert.include({ status: cdr.status, hangupCause: cdr.hangupCause, sipCode: cdr.sipCode, chargedMicros: cdr.chargedMicros }, { status: 'cancelled', hangupCause: 'ORIGINATOR_CANCEL', sipCode: 487, chargedMicros: 0 })
    assert.isNull(cdr.answeredAt)
    assert.equal((await holdOf(acme, cdr)).status, 'released')
    const after = await reload(acme, wallet.id)
    assert.deepEqual([after.balanceMicros, after.heldMicros], [USD(25), 0])
    assert.lengthOf(await callDebits(acme, wallet.id), 0)
  })

  test('an event for a call nobody knows is ignored: no error, nothing changes', async ({ assert, cleanup }) => {
    const { acme, user, wallet } = await caller()
    const call = await openCall(acme, user)
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const before = await reload(acme, wallet.id)
    const done = nextHandled(driver, 2)
    const stranger = randomUUID()
    fake.emitEvent(answered(stranger, new Date()))
    fake.emitEvent(hungUp(stranger, new Date(Date.now() + 66_000)))
    const outcomes = (await done).map(([, outcome]) => outcome)
    assert.deepEqual(outcomes, [null, null])
    assert.isNull(await acrossAllTenants('test lookup', () => Call.findBy('uuid', stranger)))
    const after = await reload(acme, wallet.id)
    assert.deepEqual([after.balanceMicros, after.heldMicros], [before.balanceMicros, before.heldMicros])
    assert.equal((await callNow(acme, call.id)).status, 'ringing')
  })

  test('the same HANGUP_COMPLETE delivered twice charges once', async ({ assert, cleanup }) => {
    const { acme, user, wallet } = await caller()
    const call = await openCall(acme, user)
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    const answerAt = new Date()
    const done = nextHandled(driver, 3)
    const hangup = hungUp(call.uuid, new Date(answerAt.getTime() + 66_000))
    fake.emitEvent(answered(call.uuid, answerAt))
    fake.emitEvent(hangup)
    fake.emitEvent(hangup.clone())
    await done
    const cdr = await callNow(acme, call.id)
    const debits = await callDebits(acme, wallet.id)
    assert.lengthOf(debits, 1)
    assert.equal(debits[0].amountMicros, -cdr.chargedMicros!)
    assert.equal((await reload(acme, wallet.id)).balanceMicros, USD(25) - cdr.chargedMicros!)
  })

  test('events after the switch dropped and the driver reconnected still bill the call', async ({ assert, cleanup }) => {
    const { acme, user, wallet } = await caller()
    const call = await openCall(acme, user)
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    await driver.connect()
    fake.dropConnections()
    await fake.waitForSubscriptions(2, 2000)
    await driver.links[0].whenReady()
    const answerAt = new Date()
    const done = nextHandled(driver, 2)
    fake.emitEvent(answered(call.uuid, answerAt))
    fake.emitEvent(hungUp(call.uuid, new Date(answerAt.getTime() + 66_000)))
    await done
    const cdr = await callNow(acme, call.id)
    assert.equal(cdr.status, 'completed')
    assert.isAbove(cdr.chargedMicros!, 0)
    assert.lengthOf(await callDebits(acme, wallet.id), 1)
  })
})

test.group('Call hold guard', (group) => {
  let fake: FakeFreeSwitch
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    return async () => {
      await voice.restore()
      await fake.stop()
    }
  })

  /** An answered call 270 s in, whose wallet has nothing left beyond the first held chunk. */
  async function callOutOfFunds(driver: ReturnType<typeof driverOn>) {
    const { acme, user, wallet } = await caller()
    const call = await openCall(acme, user)
    const drained = await reload(acme, wallet.id)
    await runForTenant(acme, () => walletService.adjust(wallet.id, -drained.availableMicros, 'spent elsewhere', null))
    await driver.originate({ callUuid: call.uuid, tenantId: acme.id, deviceUris: ['sip:esl@acme.sip.localhost'], destination: DESTINATION, callerId: CALLER_ID, maxSeconds: 300 })
    const answerAt = new Date(Date.now() - 270_000)
    const done = nextHandled(driver, 2)
    fake.emitEvent(created(call.uuid, new Date(answerAt.getTime() - 5000)))
    fake.emitEvent(answered(call.uuid, answerAt))
    await done
    return { acme, wallet, call: await callNow(acme, call.id), answerAt }
  }

  test('hangs up, through the brand voice driver, a call the wallet cannot cover further; never below zero', async ({ assert, cleanup }) => {
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    voice.fake(driver)
    const { acme, wallet, call, answerAt } = await callOutOfFunds(driver)
    const held = (await holdOf(acme, call)).amountMicros

    await guardLiveCalls(DateTime.now())
    await fake.waitForCommand((command) => command.line === `api uuid_kill ${call.uuid} ALLOTTED_TIMEOUT`)
    assert.isFalse(fake.channels.has(call.uuid))
    assert.equal((await holdOf(acme, call)).amountMicros, held, 'the hold did not grow')

    // the switch reports the hangup, longer than what was held: the charge stops at the hold
    const done = nextHandled(driver)
    fake.emitEvent(hungUp(call.uuid, new Date(answerAt.getTime() + 400_000), 400))
    await done
    const cdr = await callNow(acme, call.id)
    assert.equal(cdr.status, 'completed')
    assert.equal(cdr.chargedMicros, held)
    assert.isAbove(cdr.uncollectedMicros!, 0)
    const after = await reload(acme, wallet.id)
    assert.deepEqual([after.balanceMicros, after.heldMicros], [0, 0])
  })

  test('when the switch cannot hang up, the call record is ended at the time already held', async ({ assert, cleanup }) => {
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    voice.fake(driver)
    const { acme, wallet, call } = await callOutOfFunds(driver)
    const held = (await holdOf(acme, call)).amountMicros
    fake.channels.clear()

    await guardLiveCalls(DateTime.now())
    const cdr = await callNow(acme, call.id)
    assert.include({ status: cdr.status, hangupCause: cdr.hangupCause }, { status: 'completed', hangupCause: 'ALLOTTED_TIMEOUT' })
    assert.isAtLeast(cdr.billableSeconds!, 270)
    assert.isAtMost(cdr.chargedMicros!, held)
    assert.isAtLeast((await reload(acme, wallet.id)).balanceMicros, 0)
  })

  test('a call the wallet can still cover gets its hold extended instead', async ({ assert, cleanup }) => {
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    voice.fake(driver)
    const { acme, user } = await caller()
    const call = await openCall(acme, user)
    const answerAt = new Date(Date.now() - 270_000)
    const done = nextHandled(driver)
    await driver.connect()
    fake.emitEvent(answered(call.uuid, answerAt))
    await done
    const before = (await holdOf(acme, call)).amountMicros

    await guardLiveCalls(DateTime.now())
    const after = await callNow(acme, call.id)
    assert.equal(after.status, 'answered')
    assert.equal(after.coveredSeconds, call.coveredSeconds + 300)
    assert.isAbove((await holdOf(acme, call)).amountMicros, before)
    assert.notOk(fake.commands.find((command) => command.line.startsWith('api uuid_kill')))
  })
})
