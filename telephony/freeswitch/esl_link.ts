import { EventEmitter } from 'node:events'
import { randomUUID } from 'node:crypto'
import esl, { type Connection, type Event } from 'modesl'
import logger from '@adonisjs/core/services/logger'
import { VoiceUnavailableError } from '#telephony/voice/errors'
import { hardenConnection } from './esl_guard.js'
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from './esl_backoff.js'

/** What the driver listens to: call legs and voicemail left. */
export const EVENT_SUBSCRIPTION = 'event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE CUSTOM vm::maintenance'

/** A host that does not complete connect and auth within this long is dropped and retried. */
const CONNECT_TIMEOUT_MS = 10_000

/** A command could not be sent or answered: no connection, a drop mid-command, or a timeout (API: 502). */
export class EslUnavailableError extends VoiceUnavailableError {}

export interface EslLinkOptions {
  host: string
  port: number
  password: string
  /** Subscribe to channel and voicemail events on every (re)connect. */
  events: boolean
  backoff?: Partial<Backoff>
  commandTimeoutMs?: number
}

type LinkEvents = { ready: []; down: []; unreachable: []; auth_failed: []; event: [Event]; socket: [import('node:net').Socket] }

/**
 * One inbound event-socket connection to one FreeSWITCH host, kept up: a new modesl Connection
 * for every attempt (modesl cannot reconnect one), no-delay on every socket (modesl writes a
 * command in several small pieces; with Nagle each command waits ~45 ms), exponential backoff
 * with jitter after a drop or a failed connect, slow retries after a refused password, and the
 * event subscription sent again after each reconnect.
 */
export class EslLink extends EventEmitter<LinkEvents> {
  readonly backoff: Backoff
  #conn: Connection | null = null
  #ready = false
  #stopped = true
  #attempt = 0
  #authFailed = false
  #timer: NodeJS.Timeout | null = null
  #pending = new Set<(error: Error) => void>()
  #lastError: string | null = null

  constructor(readonly options: EslLinkOptions) {
    super()
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
  }

  get label() {
    return `${this.options.host}:${this.options.port}`
  }

  get isReady() {
    return this.#ready
  }

  /** Starts connecting (and keeps reconnecting until stop). */
  start() {
    if (!this.#stopped) return
    this.#stopped = false
    this.#connect()
  }

  /** Closes the connection for good. */
  stop() {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#conn?.socket?.destroy()
    this.#conn = null
    this.#ready = false
    for (const fail of [...this.#pending]) fail(new EslUnavailableError(`FreeSWITCH ${this.label} connection closed`))
  }

  /** Resolves once authenticated (and subscribed); rejects when the next attempt fails, or after `timeoutMs`. */
  whenReady(timeoutMs = 5000): Promise<void> {
    if (this.#ready) return Promise.resolve()
    if (this.#authFailed) return Promise.reject(this.#refused())
    this.start()
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer)
        this.off('ready', onReady)
        this.off('auth_failed', onRefused)
        this.off('unreachable', onUnreachable)
        return error ? reject(error) : resolve()
      }
      const onReady = () => settle()
      const onRefused = () => settle(this.#refused())
      const onUnreachable = () => settle(new EslUnavailableError(`FreeSWITCH ${this.label} is not reachable`))
      const timer = setTimeout(() => settle(new EslUnavailableError(`FreeSWITCH ${this.label} is not connected`)), timeoutMs)
      this.on('ready', onReady)
      this.on('auth_failed', onRefused)
      this.on('unreachable', onUnreachable)
    })
  }

  /** `api <command>`: resolves with the response body (`+OK ...` or `-ERR ...`). */
  api(command: string): Promise<string> {
    return this.#request((conn, done) => conn.api(command, [], done)).then((event) => event.getBody() ?? '')
  }

  /**
   * `bgapi <command>` with our own Job-UUID: resolves with FreeSWITCH's reply text once the job is
   * queued; `onResult` gets the BACKGROUND_JOB body (`+OK <uuid>` or `-ERR <CAUSE>`) later.
   */
  bgapi(command: string, onResult?: (body: string) => void): Promise<{ jobUuid: string; replyText: string }> {
    const jobUuid = randomUUID()
    return this.#request((conn, done) => {
      if (onResult) conn.once(`esl::event::BACKGROUND_JOB::${jobUuid}`, (event: Event) => onResult(event.getBody() ?? ''))
      conn.sendRecv(`bgapi ${command}`, { 'Job-UUID': jobUuid }, done)
    }).then((reply) => ({ jobUuid, replyText: reply.getHeader('Reply-Text') ?? '' }))
  }

  #refused() {
    return new EslUnavailableError(`FreeSWITCH ${this.label} refused the event socket password`)
  }

  #request(send: (conn: Connection, done: (event: Event) => void) => void): Promise<Event> {
    const conn = this.#conn
    if (!this.#ready || !conn) return Promise.reject(new EslUnavailableError(`FreeSWITCH ${this.label} is not connected`))
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => finish(() => reject(error))
      const timer = setTimeout(() => fail(new EslUnavailableError(`FreeSWITCH ${this.label} did not answer in time`)), this.options.commandTimeoutMs ?? 5000)
      const finish = (then: () => void) => {
        clearTimeout(timer)
        if (this.#pending.delete(fail)) then()
      }
      this.#pending.add(fail)
      send(conn, (event) => finish(() => resolve(event)))
    })
  }

  #connect() {
    this.#timer = null
    if (this.#stopped) return
    const { host, port, password } = this.options
    const conn = new esl.Connection(host, port, password)
    const socket = conn.socket!
    socket.setNoDelay(true)
    socket.setKeepAlive(true, 15_000)
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error('connect and authentication timed out')))
    this.#conn = conn
    this.emit('socket', socket)
    conn.on('error', (error: Error) => {
      this.#lastError = error.message
      logger.debug({ err: error, host: this.label }, 'FreeSWITCH event socket error')
    })
    conn.on('esl::connect', () => hardenConnection(conn, (error) => logger.error({ err: error, host: this.label }, 'unreadable ESL frame; reconnecting')))
    conn.on('esl::event::auth::fail', () => this.#onAuthFail(conn))
    conn.on('esl::ready', () => this.#onAuthenticated(conn))
    conn.on('esl::event::**', (event: Event, headers: Record<string, string> = {}) => {
      if (conn === this.#conn && String(headers['Content-Type'] ?? '').startsWith('text/event-')) this.#deliver(event)
    })
    socket.once('close', () => this.#onClose(conn))
  }

  #deliver(event: Event) {
    try {
      this.emit('event', event)
    } catch (error) {
      logger.error({ err: error, host: this.label }, 'ESL event listener failed')
    }
  }

  #onAuthenticated(conn: Connection) {
    this.#authFailed = false
    if (!this.options.events) return this.#markReady(conn)
    conn.sendRecv(EVENT_SUBSCRIPTION, (reply) => {
      if (reply.getHeader('Reply-Text')?.startsWith('+OK')) return this.#markReady(conn)
      logger.error({ host: this.label, reply: reply.getHeader('Reply-Text') }, 'FreeSWITCH refused the event subscription')
      conn.socket?.destroy()
    })
  }

  #markReady(conn: Connection) {
    if (conn !== this.#conn) return
    conn.socket?.setTimeout(0)
    this.#lastError = null
    this.#ready = true
    this.#attempt = 0
    logger.info({ host: this.label }, 'FreeSWITCH event socket connected')
    this.emit('ready')
  }

  #onAuthFail(conn: Connection) {
    this.#authFailed = true
    logger.error({ host: this.label }, 'FreeSWITCH refused the event socket password (check FREESWITCH_ESL_PASSWORD or the tenant config)')
    this.emit('auth_failed')
    conn.socket?.destroy()
  }

  #onClose(conn: Connection) {
    if (conn !== this.#conn) return
    const wasReady = this.#ready
    this.#ready = false
    this.#conn = null
    for (const fail of [...this.#pending]) fail(new EslUnavailableError(`FreeSWITCH ${this.label} connection closed`))
    this.emit(wasReady ? 'down' : 'unreachable')
    if (this.#stopped) return
    const attempt = this.#attempt++
    const delay = this.#authFailed ? backoffDelay(0, { initialMs: this.backoff.authFailMs, maxMs: this.backoff.authFailMs }) : backoffDelay(attempt, this.backoff)
    if (wasReady) logger.warn({ host: this.label, retryInMs: delay }, 'FreeSWITCH event socket dropped; reconnecting')
    else if (!this.#authFailed && attempt % 10 === 0) logger.warn({ host: this.label, attempt, error: this.#lastError, retryInMs: delay }, 'FreeSWITCH event socket not reachable; retrying')
    this.#timer = setTimeout(() => this.#connect(), delay)
    this.#timer.unref()
  }
}
