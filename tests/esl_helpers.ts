import type { Socket } from 'node:net'
import { FreeSwitchVoiceDriver, type FreeSwitchDriverOptions } from '#telephony/drivers/freeswitch_driver'
import type { CallEvent } from '#telephony/types'
import type { VoicemailLeft } from '#telephony/freeswitch/esl_events'
import type { FakeFreeSwitch } from '#tests/stand_ins/fake_freeswitch'

/** A driver on fake switches, retrying fast so reconnect tests take milliseconds. */
export function driverOn(fakes: FakeFreeSwitch | FakeFreeSwitch[], options: Partial<FreeSwitchDriverOptions> = {}) {
  const list = Array.isArray(fakes) ? fakes : [fakes]
  return new FreeSwitchVoiceDriver({
    hosts: list.map((fake) => fake.address),
    password: 'ClueCon',
    name: 'test-pool',
    backoff: { initialMs: 20, maxMs: 200, authFailMs: 400 },
    commandTimeoutMs: 1000,
    dial: { pstnGateway: 'carrier', deviceProxy: null, ringSeconds: 30 },
    ...options,
  })
}

/** Whether Nagle is off on a socket: Node keeps the setting under its kSetNoDelay symbol. */
export function noDelayOf(socket: Socket) {
  const symbol = Object.getOwnPropertySymbols(socket).find((candidate) => candidate.description === 'kSetNoDelay')
  return symbol ? (socket as any)[symbol] === true : false
}

type Handled = [CallEvent | VoicemailLeft, unknown]

/** The next `count` events the driver handles (in the order it finished them). */
export function nextHandled(driver: FreeSwitchVoiceDriver, count = 1, timeoutMs = 3000): Promise<Handled[]> {
  const seen: Handled[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      driver.off('handled', listener)
      reject(new Error(`driver handled ${seen.length} of ${count} events in ${timeoutMs} ms`))
    }, timeoutMs)
    const listener = (item: CallEvent | VoicemailLeft, outcome: unknown) => {
      seen.push([item, outcome])
      if (seen.length < count) return
      clearTimeout(timer)
      driver.off('handled', listener)
      resolve(seen)
    }
    driver.on('handled', listener)
  })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
