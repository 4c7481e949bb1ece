import { EventEmitter } from 'node:events'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { apiResponse, commandReader, commandReply, EslEvent, serializeFrame } from './esl_frames.js'

export { EslEvent } from './esl_frames.js'
export { FakeOutboundCall, type ExecutedApp } from './fake_freeswitch_call.js'

/** A command a client sent: its first line and the header lines after it. */
export interface RecordedCommand {
  session: number
  line: string
  headers: Record<string, string>
}

interface Session {
  id: number
  socket: Socket
  authed: boolean
  format: 'plain' | 'json'
  all: boolean
  events: Set<string>
  customs: Set<string>
}

const BACKGROUND_JOB = () => EslEvent.fromFixture('inbound_auth_event_bgapi_background_job_stream.txt')
const nowMicros = () => String(Date.now() * 1000)

/**
 * A stand-in for FreeSWITCH's event socket (mod_event_socket, inbound mode), faithful to the
 * wire protocol: `auth/request` on connect, `auth` (`+OK accepted`, or `-ERR invalid` and the
 * socket closed), `event plain|json ...` with FreeSWITCH's CUSTOM-subclass rule, `api` ->
 * `api/response`, `bgapi` -> `command/reply` with the Job-UUID then a BACKGROUND_JOB event.
 * Events reach only sessions subscribed to them, in the format each asked for. It records
 * every command, keeps a set of live channel uuids (originate adds, uuid_kill removes), and
 * lets a test emit fixture events or drop every connection.
 */
export class FakeFreeSwitch extends EventEmitter<{ command: [RecordedCommand]; subscribed: [number] }> {
  commands: RecordedCommand[] = []
  sessions: Session[] = []
  channels = new Set<string>()
  /** Body of the BACKGROUND_JOB for a bgapi command; an originate succeeds by default. */
  jobResult: (command: string) => string = (command) => `+OK ${/origination_uuid=([0-9a-f-]{36})/.exec(command)?.[1] ?? 'done'}\n`
  /** Answers for api commands a test wants to script; null falls back to the built-in ones. */
  apiAnswer: (command: string) => string | null = () => null
  port = 0
  #server: Server | null = null

  constructor(public password = 'ClueCon') {
    super()
  }

  /** Listens on a free port, or on `port` (a switch coming back where it was). */
  async start(port = 0) {
    this.#server = createServer((socket) => this.#accept(socket))
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve))
    this.port = (this.#server.address() as AddressInfo).port
    return this
  }

  async stop() {
    this.dropConnections()
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve())
  }

  /** `host:port` as a driver's hosts list takes it. */
  get address() {
    return `127.0.0.1:${this.port}`
  }

  /** Sessions still open that subscribed to events. */
  get subscribed() {
    return this.sessions.filter((session) => !session.socket.destroyed && (session.all || session.events.size > 0))
  }

  /** Sends an event to every session subscribed to it; returns how many got it. */
  emitEvent(event: EslEvent) {
    const targets = this.sessions.filter((session) => session.authed && !session.socket.destroyed && this.#wants(session, event))
    for (const session of targets) session.socket.write(session.format === 'json' ? event.toJson() : event.toPlain())
    return targets.length
  }

  /** Writes raw bytes to every authenticated session (for frames FreeSWITCH would never send). */
  sendRaw(bytes: string) {
    for (const session of this.sessions) if (session.authed && !session.socket.destroyed) session.socket.write(bytes)
  }

  /** Closes every client socket, as a FreeSWITCH restart or a network cut would. */
  dropConnections() {
    for (const session of this.sessions) session.socket.destroy()
  }

  /** The first command (already received or still to come) that matches. */
  waitForCommand(match: (command: RecordedCommand) => boolean, timeoutMs = 3000): Promise<RecordedCommand> {
    const seen = this.commands.find(match)
    if (seen) return Promise.resolve(seen)
    return this.#waitFor('command', match, timeoutMs)
  }

  /** Resolves once `count` sessions in all have subscribed to events (a reconnect makes a new one). */
  waitForSubscriptions(count: number, timeoutMs = 3000): Promise<void> {
    const done = () => this.sessions.filter((session) => session.all || session.events.size > 0).length >= count
    if (done()) return Promise.resolve()
    return this.#waitFor('subscribed', done, timeoutMs).then(() => undefined)
  }

  #waitFor(name: 'command' | 'subscribed', match: (value: any) => boolean, timeoutMs: number): Promise<any> {
    const events = this as EventEmitter
    return new Promise((resolve, reject) => {
      const listener = (value: any) => {
        if (!match(value)) return
        clearTimeout(timer)
        events.off(name, listener)
        resolve(value)
      }
      const timer = setTimeout(() => {
        events.off(name, listener)
        reject(new Error(`fake FreeSWITCH: no ${name} in ${timeoutMs} ms`))
      }, timeoutMs)
      events.on(name, listener)
    })
  }

  #accept(socket: Socket) {
    socket.setNoDelay(true)
    const session: Session = { id: this.sessions.length + 1, socket, authed: false, format: 'plain', all: false, events: new Set(), customs: new Set() }
    this.sessions.push(session)
    socket.on('error', () => {})
    socket.on('data', commandReader((line, headers) => this.#onCommand(session, line, headers)))
    socket.write(serializeFrame([['Content-Type', 'auth/request']]))
  }

  #onCommand(session: Session, line: string, headers: Record<string, string>) {
    const recorded = { session: session.id, line, headers }
    this.commands.push(recorded)
    this.emit('command', recorded)
    const [verb, ...rest] = line.split(' ')
    const args = rest.join(' ')
    if (verb === 'auth') return this.#auth(session, args)
    if (!session.authed) return session.socket.write(commandReply('-ERR invalid'))
    if (verb === 'event') return this.#subscribe(session, rest)
    if (verb === 'api') return session.socket.write(apiResponse(this.#api(args)))
    if (verb === 'bgapi') return this.#bgapi(session, args, headers['Job-UUID'])
    if (verb === 'exit') return session.socket.end(commandReply('+OK bye'))
    session.socket.write(commandReply('-ERR command not found'))
  }

  #auth(session: Session, password: string) {
    if (password === this.password) {
      session.authed = true
      return session.socket.write(commandReply('+OK accepted'))
    }
    session.socket.end(commandReply('-ERR invalid'))
  }

  /** FreeSWITCH's rule: every word after CUSTOM is a subclass name. */
  #subscribe(session: Session, words: string[]) {
    const [format, ...names] = words
    session.format = format === 'json' ? 'json' : 'plain'
    let custom = false
    for (const name of names) {
      if (custom) session.customs.add(name)
      else if (name.toUpperCase() === 'ALL') session.all = true
      else if (name === 'CUSTOM') custom = true
      else session.events.add(name)
    }
    session.socket.write(commandReply(`+OK event listener enabled ${session.format}`))
    this.emit('subscribed', session.id)
  }

  #wants(session: Session, event: EslEvent) {
    if (session.all) return true
    if (event.name === 'CUSTOM') return session.customs.has(event.get('Event-Subclass') ?? '')
    return session.events.has(event.name ?? '')
  }

  #api(command: string) {
    const scripted = this.apiAnswer(command)
    if (scripted !== null) return scripted
    const [name, uuid] = command.split(' ')
    if (name === 'uuid_kill' || name === 'uuid_transfer') {
      if (!this.channels.has(uuid)) return '-ERR No such channel!\n'
      if (name === 'uuid_kill') this.channels.delete(uuid)
      return '+OK\n'
    }
    return name === 'status' || name === 'version' ? '+OK\n' : `-ERR ${name} Command not found!\n`
  }

  #bgapi(session: Session, command: string, jobUuid: string = crypto.randomUUID()) {
    session.socket.write(commandReply(`+OK Job-UUID: ${jobUuid}`, [['Job-UUID', jobUuid]]))
    const body = this.jobResult(command)
    const created = /origination_uuid=([0-9a-f-]{36})/.exec(command)?.[1]
    if (created && body.startsWith('+OK')) this.channels.add(created)
    const [name, ...args] = command.split(' ')
    const event = BACKGROUND_JOB().set('Job-UUID', jobUuid).set('Job-Command', name).set('Job-Command-Arg', args.join(' ')).set('Event-Date-Timestamp', nowMicros())
    event.body = body
    setImmediate(() => this.emitEvent(event))
  }
}

/** What mod_voicemail reports when a caller leaves a message (header names as documented). */
export interface VoicemailLeftEvent {
  user: string
  domain: string
  filePath: string
  callerNumber: string
  callerName?: string
  seconds: number
  messageUuid?: string
  /** Channel variables to carry along (e.g. variable_brandline_call_uuid). */
  variables?: Record<string, string>
}

/**
 * A `CUSTOM vm::maintenance` leave-message event. No capture of it is published (see the
 * fixtures README): the common header block is a real event's (the HEARTBEAT of the captured
 * stream) and the VM-* headers are the documented names from the FreeSWITCH docs' Lua example.
 */
export function voicemailEvent(left: VoicemailLeftEvent) {
  const base = EslEvent.fromFixture('inbound_event_stream_excerpt.txt', 0)
  const common = base.headers.filter(([name]) => (name.startsWith('Event-') && name !== 'Event-Info') || name.startsWith('FreeSWITCH-') || name === 'Core-UUID')
  const event = new EslEvent(common.map(([name, value]) => [name, value]))
  event.set('Event-Name', 'CUSTOM').set('Event-Subclass', 'vm::maintenance').set('Event-Calling-File', 'mod_voicemail.c').set('Event-Date-Timestamp', nowMicros())
  const headers: Record<string, string> = {
    'VM-Action': 'leave-message',
    'VM-User': left.user,
    'VM-Domain': left.domain,
    'VM-Caller-ID-Name': left.callerName ?? left.callerNumber,
    'VM-Caller-ID-Number': left.callerNumber,
    'VM-File-Path': left.filePath,
    'VM-Flags': '',
    'VM-Folder': 'inbox',
    'VM-UUID': left.messageUuid ?? crypto.randomUUID(),
    'VM-Message-Len': String(left.seconds),
    'VM-Timestamp': String(Math.floor(Date.now() / 1000)),
    ...left.variables,
  }
  for (const [name, value] of Object.entries(headers)) event.set(name, value)
  return event
}
