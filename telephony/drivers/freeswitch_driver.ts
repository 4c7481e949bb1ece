import { EventEmitter } from 'node:events'
import logger from '@adonisjs/core/services/logger'
import type { Event } from 'modesl'
import type { CallEvent, OriginateRequest, VoiceDriver } from '#telephony/types'
import { EslLink, EslUnavailableError } from '#telephony/freeswitch/esl_link'
import type { Backoff } from '#telephony/freeswitch/esl_backoff'
import { assertCause, assertUuid, DialStringError, dialSettingsFromConfig, jobFailureCause, originateCommand, type DialSettings } from '#telephony/freeswitch/dial_plan'
import { toCallEvent, toVoicemailLeft, type VoicemailLeft } from '#telephony/freeswitch/esl_events'

/** Where the driver hands what FreeSWITCH reports; the defaults are the call service and voicemail ingestion. */
export interface EslEventHandlers {
  call(event: CallEvent): Promise<unknown>
  voicemail(left: VoicemailLeft): Promise<unknown>
}

export interface FreeSwitchDriverOptions {
  /** Event-socket hosts, `host[:port]` (port 8021 by default). */
  hosts: string[]
  password: string
  name?: string
  /** Subscribe to channel and voicemail events and handle them (default true). */
  events?: boolean
  dial?: Partial<DialSettings>
  backoff?: Partial<Backoff>
  commandTimeoutMs?: number
  handlers?: Partial<EslEventHandlers>
}

const DEFAULT_HANDLERS: EslEventHandlers = {
  async call(event) {
    const { default: callService } = await import('#services/calls/call_service')
    return callService.onEvent(event)
  },
  async voicemail(left) {
    const { ingestVoicemail } = await import('#telephony/freeswitch/voicemail_ingest')
    return ingestVoicemail(left)
  },
}

/** "fs1.example:8022" -> host and port (8021 when absent). */
export function parseEslHost(entry: string) {
  const match = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry.trim())
  if (!match) throw new Error(`"${entry}" is not a FreeSWITCH host[:port]`)
  return { host: match[1], port: match[2] ? Number(match[2]) : 8021 }
}

/**
 * Voice over FreeSWITCH's event socket (modesl): click-to-call with `bgapi originate`, hangup
 * with `uuid_kill`, transfer with `uuid_transfer`, spread over a pool of hosts kept connected by
 * EslLink. Channel events become CallEvents for the call service and voicemail events become
 * stored voicemails; events of one call are handled in order, and nothing a switch sends can
 * throw out of here. Emits `handled` after each event it acted on (logs and tests).
 */
export class FreeSwitchVoiceDriver extends EventEmitter<{ handled: [CallEvent | VoicemailLeft, unknown] }> implements VoiceDriver {
  readonly name: string
  readonly links: EslLink[]
  readonly dial: DialSettings
  #handlers: EslEventHandlers
  #next = 0
  #tails = new Map<string, Promise<void>>()

  constructor(options: FreeSwitchDriverOptions) {
    super()
    if (!options.hosts.length) throw new Error('FreeSwitchVoiceDriver needs at least one host')
    this.name = options.name ?? 'freeswitch'
    this.dial = { ...dialSettingsFromConfig(), ...options.dial }
    this.#handlers = { ...DEFAULT_HANDLERS, ...options.handlers }
    const events = options.events ?? true
    this.links = options.hosts.map((entry) => {
      const link = new EslLink({ ...parseEslHost(entry), password: options.password, events, backoff: options.backoff, commandTimeoutMs: options.commandTimeoutMs })
      if (events) link.on('event', (event) => this.#onEslEvent(event))
      return link
    })
  }

  /** Opens every connection; resolves when at least one host is ready (rejects after `timeoutMs`). */
  async connect(timeoutMs = 5000) {
    for (const link of this.links) link.start()
    await Promise.any(this.links.map((link) => link.whenReady(timeoutMs))).catch(() => {
      throw new EslUnavailableError(`No FreeSWITCH host of ${this.name} is reachable`)
    })
  }

  /** Closes every connection (the manager calls this when a config change replaces the driver). */
  async close() {
    for (const link of this.links) link.stop()
    await this.idle()
  }

  /** Resolves when every event received so far has been handled. */
  async idle() {
    while (this.#tails.size) await Promise.all([...this.#tails.values()])
  }

  /** Rings the user's devices, then bridges to the destination; a failed originate ends the call. */
  async originate(request: OriginateRequest) {
    const command = originateCommand(request, this.dial)
    const link = await this.#pick()
    const callUuid = request.callUuid.toLowerCase()
    const { replyText } = await link.bgapi(command, (body) => {
      const cause = jobFailureCause(body)
      if (cause) this.#handle(callUuid, { type: 'ended', callUuid, switchRef: callUuid, at: new Date(), billSeconds: 0, cause, sipCode: null })
    })
    if (!replyText.startsWith('+OK')) throw new EslUnavailableError(`FreeSWITCH ${link.label} refused the originate: ${replyText}`)
    return { switchRef: callUuid }
  }

  /** Ends a call on whichever host has it. */
  async hangup(switchRef: string, cause = 'NORMAL_CLEARING') {
    await this.#onEveryHost(`uuid_kill ${assertUuid(switchRef)} ${assertCause(cause)}`)
  }

  /** Sends a live call to another extension or number through the dialplan. */
  async transfer(switchRef: string, destination: string) {
    if (!/^\+?[0-9*#]{1,32}$/.test(destination)) throw new DialStringError(`"${destination}" is not a number or extension`)
    await this.#onEveryHost(`uuid_transfer ${assertUuid(switchRef)} ${destination}`)
  }

  /** Tries a channel command on each connected host until one has the channel. */
  async #onEveryHost(command: string) {
    await this.#pick()
    const answers: string[] = []
    for (const link of this.links.filter((candidate) => candidate.isReady)) {
      const body = await link.api(command).then((text) => text.trim(), (error: Error) => `-ERR ${error.message}`)
      if (body.startsWith('+OK')) return
      answers.push(`${link.label}: ${body}`)
    }
    throw new EslUnavailableError(`FreeSWITCH did not run "${command.split(' ')[0]}": ${answers.join('; ') || 'no host connected'}`)
  }

  /** A connected host, round robin; waits briefly for one when none is up yet. */
  async #pick(): Promise<EslLink> {
    const ready = () => this.links.filter((link) => link.isReady)
    if (!ready().length) await this.connect()
    const links = ready()
    if (!links.length) throw new EslUnavailableError(`No FreeSWITCH host of ${this.name} is connected`)
    return links[this.#next++ % links.length]
  }

  #onEslEvent(event: Event) {
    try {
      const call = toCallEvent(event)
      if (call) return this.#handle(call.callUuid, call)
      const left = toVoicemailLeft(event)
      if (left) return this.#handle(`vm:${left.messageUuid ?? left.filePath}`, left)
    } catch (error) {
      logger.error({ err: error, driver: this.name }, 'unreadable FreeSWITCH event ignored')
    }
  }

  /** Handles one event after the earlier ones of the same call, so an answer is never overtaken by its hangup. */
  #handle(key: string, item: CallEvent | VoicemailLeft) {
    const work = async () => {
      const outcome = 'type' in item ? await this.#handlers.call(item) : await this.#handlers.voicemail(item)
      this.emit('handled', item, outcome)
    }
    const tail = (this.#tails.get(key) ?? Promise.resolve())
      .then(work)
      .catch((error) => logger.error({ err: error, driver: this.name, key }, 'FreeSWITCH event handling failed'))
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
  }
}
