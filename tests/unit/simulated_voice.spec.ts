import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import type { CallEvent } from '#telephony/types'
import { SimulatedVoiceDriver } from '#telephony/drivers/simulated_voice_driver'
import { synthesizeWav } from '#telephony/simulated/wav'
import { CallNotOnSwitchError } from '#telephony/voice/errors'

/** A switch on a fast timeline whose events land in a list instead of the call service. */
function simulator(timeline = {}) {
  const events: CallEvent[] = []
  const driver = new SimulatedVoiceDriver({ timeline: { ringMs: 5, talkSeconds: 8, msPerSecond: 1, ...timeline }, onEvent: async (event) => void events.push(event) })
  return { driver, events }
}

const request = (overrides = {}) => ({
  callUuid: randomUUID(),
  tenantId: 1,
  deviceUris: ['sip:alice@acme.sip.example'],
  destination: '+12125550147',
  callerId: '+14155550123',
  maxSeconds: 600,
  ...overrides,
})

const summary = (events: CallEvent[]) => events.map((event) => (event.type === 'ended' ? `ended:${event.cause}:${event.billSeconds}` : event.type))

test.group('Simulated switch', () => {
  test('a call rings, answers and ends after the simulated talk time, billed in simulated seconds', async ({ assert }) => {
    const { driver, events } = simulator()
    const call = request()
    assert.deepEqual(await driver.originate(call), { switchRef: call.callUuid })
    await driver.whenEnded(call.callUuid)
    assert.deepEqual(summary(events), ['ringing', 'answered', 'ended:NORMAL_CLEARING:8'])
    const [, answered, ended] = events
    assert.equal(ended.at.getTime() - answered.at.getTime(), 8000, 'the CDR clock runs in simulated seconds')
    assert.deepEqual(driver.live(), [])
  })

  test('the talk stops at what the wallet covers', async ({ assert }) => {
    const { driver, events } = simulator()
    const call = request({ maxSeconds: 3 })
    await driver.originate(call)
    await driver.whenEnded(call.callUuid)
    assert.deepEqual(summary(events), ['ringing', 'answered', 'ended:ALLOTTED_TIMEOUT:3'])
  })

  test('the test destinations end busy, unreachable and unanswered with their SIP codes', async ({ assert }) => {
    const { driver, events } = simulator()
    for (const destination of ['+12025550186', '+12025550104', '+12025550180']) {
      const call = request({ destination })
      await driver.originate(call)
      await driver.whenEnded(call.callUuid)
    }
    const ends = events.filter((event) => event.type === 'ended')
    assert.deepEqual(ends.map((event) => (event.type === 'ended' ? [event.cause, event.sipCode, event.billSeconds] : null)), [
      ['USER_BUSY', 486, 0],
      ['NO_ROUTE_DESTINATION', 404, 0],
      ['NO_ANSWER', 480, 0],
    ])
    assert.notInclude(events.map((event) => event.type), 'answered')
  })

  test('hangup cancels a ringing call, and bills an answered one up to now; a second hangup changes nothing', async ({ assert }) => {
    const { driver, events } = simulator({ ringMs: 1000 })
    const ringing = request()
    await driver.originate(ringing)
    await driver.hangup(ringing.callUuid)
    await driver.hangup(ringing.callUuid)
    await driver.whenEnded(ringing.callUuid)
    assert.deepEqual(summary(events), ['ringing', 'ended:ORIGINATOR_CANCEL:0'])

    const talking = simulator({ ringMs: 1, talkSeconds: 3600, msPerSecond: 10 })
    const call = request()
    await talking.driver.originate(call)
    await new Promise((resolve) => setTimeout(resolve, 80))
    await talking.driver.transfer(call.callUuid, '+12125550100')
    assert.deepEqual(talking.driver.live()[0].transfers, ['+12125550100'])
    await talking.driver.hangup(call.callUuid)
    await talking.driver.whenEnded(call.callUuid)
    const ended = talking.events.at(-1)!
    assert.equal(ended.type, 'ended')
    assert.isTrue(ended.type === 'ended' && ended.billSeconds >= 5 && ended.billSeconds < 20 && ended.cause === 'NORMAL_CLEARING')
    await assert.rejects(() => talking.driver.transfer(call.callUuid, '+12125550100'), CallNotOnSwitchError)
  })

  test('close() cancels every timeline: nothing more is reported', async ({ assert }) => {
    const { driver, events } = simulator({ ringMs: 30 })
    await driver.originate(request())
    await driver.originate(request())
    driver.close()
    await new Promise((resolve) => setTimeout(resolve, 60))
    assert.deepEqual(summary(events), ['ringing', 'ringing'])
    assert.deepEqual(driver.live(), [])
  })

  test('a call the switch does not have cannot be hung up or transferred: the caller is told so', async ({ assert }) => {
    const { driver } = simulator()
    await assert.rejects(() => driver.hangup(randomUUID()), CallNotOnSwitchError)
    await assert.rejects(() => driver.transfer(randomUUID(), '+12125550100'), CallNotOnSwitchError)
  })

  test('the same call cannot be originated twice', async ({ assert }) => {
    const { driver } = simulator({ ringMs: 1000 })
    const call = request()
    await driver.originate(call)
    await assert.rejects(() => driver.originate(call), /already up/)
    driver.close()
  })

  test('the voicemail audio is a valid mono 16-bit PCM WAV of the asked length', ({ assert }) => {
    const wav = synthesizeWav(2)
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF')
    assert.equal(wav.readUInt32LE(4), wav.length - 8)
    assert.equal(wav.toString('ascii', 8, 16), 'WAVEfmt ')
    assert.equal(wav.readUInt16LE(20), 1, 'PCM')
    assert.equal(wav.readUInt16LE(22), 1, 'mono')
    assert.equal(wav.readUInt32LE(24), 8000)
    assert.equal(wav.readUInt16LE(34), 16)
    assert.equal(wav.readUInt32LE(40), 2 * 8000 * 2)
    assert.equal(wav.length, 44 + 2 * 8000 * 2)
    const samples = Array.from({ length: 200 }, (_, i) => Math.abs(wav.readInt16LE(44 + 2 * (1000 + i))))
    assert.isAbove(Math.max(...samples), 1000, 'it is not silence')
  })
})
