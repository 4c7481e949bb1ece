import { test } from '@japa/runner'
import type { Socket } from 'node:net'
import { originateCommand } from '#telephony/freeswitch/dial_plan'
import { EVENT_SUBSCRIPTION, EslUnavailableError } from '#telephony/freeswitch/esl_link'
import type { CallEvent, OriginateRequest } from '#telephony/types'
import { EslEvent, FakeFreeSwitch } from '#tests/stand_ins/fake_freeswitch'
import { driverOn, nextHandled, noDelayOf, sleep } from '#tests/esl_helpers'

const CALL = '3c1f8e2a-5b6d-4e7f-9a0b-1c2d3e4f5a6b'
const request = (callUuid = CALL): OriginateRequest => ({
  callUuid,
  tenantId: 1,
  deviceUris: ['sip:ann-phone@acme.sip.localhost'],
  destination: '+12125550100',
  callerId: '+14155550123',
  maxSeconds: 300,
})

/** A captured CHANNEL_ANSWER, as the destination leg of our call. */
const answerOf = (callUuid: string) => EslEvent.fromFixture('event_channel_answer.txt').set('variable_brandline_call_uuid', callUuid).set('variable_brandline_leg', 'pstn')

test.group('FreeSWITCH ESL: connecting', (group) => {
  let fake: FakeFreeSwitch
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    return () => fake.stop()
  })

  test('authenticates, then subscribes to channel and voicemail events', async ({ assert, cleanup }) => {
    const driver = driverOn(fake, { handlers: { call: async () => null } })
    cleanup(() => driver.close())
    await driver.connect()
    const lines = fake.commands.map((command) => command.line)
    assert.equal(lines[0], 'auth ClueCon')
    assert.include(lines, 'event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE CUSTOM vm::maintenance')
    assert.equal(EVENT_SUBSCRIPTION, lines.at(-1))
    assert.isTrue(driver.links[0].isReady)
  })

  test('a wrong password is reported, retried slowly, and works once the password is right', async ({ assert, cleanup }) => {
    fake.password = 'right-one'
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    let refusals = 0
    driver.links[0].on('auth_failed', () => refusals++)
    await assert.rejects(() => driver.connect(), /No FreeSWITCH host of test-pool is reachable/)
    assert.equal(refusals, 1)
    assert.deepEqual(fake.commands.map((command) => command.line), ['auth ClueCon'])
    await assert.rejects(() => driver.links[0].whenReady(), /refused the event socket password/)

    await sleep(150)
    assert.lengthOf(fake.sessions, 1, 'no quick retry after a refused password')
    fake.password = 'ClueCon'
    await fake.waitForSubscriptions(1, 2000)
    await driver.links[0].whenReady()
    assert.isTrue(driver.links[0].isReady)
  })

  test('a host that is down is retried with backoff until it comes up', async ({ assert, cleanup }) => {
    const port = fake.port
    await fake.stop()
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    const sockets: Socket[] = []
    driver.links[0].on('socket', (socket) => sockets.push(socket))
    driver.links[0].start()
    await sleep(250)
    assert.isAtLeast(sockets.length, 3, 'several attempts while down')
    assert.isAtMost(sockets.length, 8, 'attempts back off')
    const revived = new FakeFreeSwitch()
    await revived.start(port)
    cleanup(() => revived.stop())
    await revived.waitForSubscriptions(1, 2000)
    await driver.links[0].whenReady()
    assert.isTrue(driver.links[0].isReady)
  })

  test('every socket it opens has no-delay set, reconnects included, so commands do not wait on Nagle', async ({ assert, cleanup }) => {
    const driver = driverOn(fake, { handlers: { call: async () => null } })
    cleanup(() => driver.close())
    const sockets: Socket[] = []
    driver.links[0].on('socket', (socket) => sockets.push(socket))
    await driver.connect()
    fake.dropConnections()
    await fake.waitForSubscriptions(2)
    await driver.links[0].whenReady()
    assert.lengthOf(sockets, 2)
    assert.isTrue(sockets.every(noDelayOf))

    const started = performance.now()
    for (let i = 0; i < 10; i++) await driver.originate(request(`3c1f8e2a-5b6d-4e7f-9a0b-1c2d3e4f5a${String(i).padStart(2, '0')}`))
    const perCommand = (performance.now() - started) / 10
    assert.isBelow(perCommand, 20, `a bgapi took ${perCommand.toFixed(1)} ms (Nagle costs ~45 ms)`)
  })
})

test.group('FreeSWITCH ESL: commands', (group) => {
  let fake: FakeFreeSwitch
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    return () => fake.stop()
  })

  test('originate sends one bgapi that rings the device and bridges with the caller ID and our uuid', async ({ assert, cleanup }) => {
    const driver = driverOn(fake, { handlers: { call: async () => null } })
    cleanup(() => driver.close())
    const placed = await driver.originate(request())
    assert.deepEqual(placed, { switchRef: CALL })
    const sent = await fake.waitForCommand((command) => command.line.startsWith('bgapi '))
    assert.equal(sent.line, `bgapi ${originateCommand(request(), driver.dial)}`)
    assert.include(sent.line, `{origination_uuid=${CALL},brandline_call_uuid=${CALL},`)
    assert.include(sent.line, 'origination_caller_id_number=+14155550123')
    assert.include(sent.line, "execute_on_answer='sched_hangup +300 allotted_timeout'")
    assert.include(sent.line, '}sofia/internal/ann-phone@acme.sip.localhost &bridge(')
    assert.match(sent.headers['Job-UUID'], /^[0-9a-f-]{36}$/)
    assert.isTrue(fake.channels.has(CALL))
  })

  test('an originate the switch cannot complete ends the call with its cause', async ({ assert, cleanup }) => {
    fake.jobResult = () => '-ERR USER_NOT_REGISTERED\n'
    const ended: CallEvent[] = []
    const driver = driverOn(fake, { handlers: { call: async (event) => ended.push(event) } })
    cleanup(() => driver.close())
    const handled = nextHandled(driver)
    await driver.originate(request())
    await handled
    assert.lengthOf(ended, 1)
    assert.include(ended[0] as object, { type: 'ended', callUuid: CALL, billSeconds: 0, cause: 'USER_NOT_REGISTERED', sipCode: null })
  })

  test('hangup kills the channel on whichever host has it; transfer moves it', async ({ assert, cleanup }) => {
    const other = await new FakeFreeSwitch().start()
    cleanup(() => other.stop())
    other.channels.add(CALL)
    const driver = driverOn([fake, other], { handlers: { call: async () => null } })
    cleanup(() => driver.close())
    await driver.connect()
    await Promise.all(driver.links.map((link) => link.whenReady()))
    await driver.transfer(CALL, '+12125550199')
    await driver.hangup(CALL, 'ALLOTTED_TIMEOUT')
    assert.deepInclude(fake.commands.map((c) => c.line), `api uuid_kill ${CALL} ALLOTTED_TIMEOUT`)
    assert.deepInclude(other.commands.map((c) => c.line), `api uuid_transfer ${CALL} +12125550199`)
    assert.deepInclude(other.commands.map((c) => c.line), `api uuid_kill ${CALL} ALLOTTED_TIMEOUT`)
    assert.isFalse(other.channels.has(CALL))
    await assert.rejects(() => driver.hangup(CALL), /No such channel/)
    await assert.rejects(() => driver.hangup('not-a-uuid; shutdown'), /not a call uuid/)
  })

  test('a command with no switch reachable fails fast with a 502-class error', async ({ assert, cleanup }) => {
    await fake.stop()
    const driver = driverOn(fake)
    cleanup(() => driver.close())
    const error = await driver.originate(request()).catch((caught) => caught)
    assert.instanceOf(error, EslUnavailableError)
    assert.equal(error.status, 502)
  })
})

test.group('FreeSWITCH ESL: dropped connections and bad frames', (group) => {
  let fake: FakeFreeSwitch
  group.each.setup(async () => {
    fake = await new FakeFreeSwitch().start()
    return () => fake.stop()
  })

  test('after the switch drops the socket, the driver reconnects, re-subscribes and handles new events', async ({ assert, cleanup }) => {
    const seen: CallEvent[] = []
    const driver = driverOn(fake, { handlers: { call: async (event) => seen.push(event) } })
    cleanup(() => driver.close())
    await driver.connect()
    const first = nextHandled(driver)
    fake.emitEvent(answerOf(CALL))
    await first

    fake.dropConnections()
    await sleep(5)
    assert.isFalse(driver.links[0].isReady)
    assert.equal(fake.emitEvent(answerOf(CALL)), 0, 'nobody is listening while the link is down')
    await fake.waitForSubscriptions(2, 2000)
    await driver.links[0].whenReady()
    const resubscribed = fake.commands.filter((command) => command.line === EVENT_SUBSCRIPTION)
    assert.deepEqual(resubscribed.map((command) => command.session), [1, 2])

    const second = nextHandled(driver)
    fake.emitEvent(answerOf('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'))
    await second
    assert.deepEqual(seen.map((event) => event.callUuid), [CALL, '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'])
  })

  test('malformed frames and throwing handlers never stop the driver', async ({ assert, cleanup }) => {
    let calls = 0
    const driver = driverOn(fake, {
      handlers: {
        call: async () => {
          calls++
          if (calls === 1) throw new Error('handler blew up')
        },
      },
    })
    cleanup(() => driver.close())
    await driver.connect()
    const bad = answerOf(CALL)
    bad.headers.push(['Caller-Caller-ID-Name', '%E0%A4%A'])
    fake.emitEvent(bad)
    fake.sendRaw('Content-Length: 9\nContent-Type: text/event-json\n\n{"broken\n')
    fake.sendRaw('Content-Length: 12\nContent-Type: text/event-plain\n\nno: headers\n')
    const next = nextHandled(driver)
    fake.emitEvent(answerOf('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'))
    const [[event]] = await next
    assert.equal((event as CallEvent).callUuid, '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a')
    assert.equal(calls, 2)
    assert.isTrue(driver.links[0].isReady)
  })
})
