import { EventEmitter } from 'node:events'
import { connect, type Socket } from 'node:net'
import { commandReader, commandReply, EslEvent, fixtureText, parseFrames, serializeFrame } from './esl_frames.js'

/** An executed dialplan app, as a `sendmsg` asked for it. */
export interface ExecutedApp {
  app: string
  arg: string
  headers: Record<string, string>
}

/**
 * FreeSWITCH's side of an outbound-socket call (`socket host:port async full` in its
 * dialplan): connects to our server, answers `connect` with the channel data of a real capture
 * (outbound_connect_reply_channel_data.txt, with this call's uuid and numbers), acknowledges
 * `event`/`sendmsg` with `command/reply +OK`, and after a `hangup` app sends the disconnect
 * notice and closes, as the switch does when the channel ends.
 */
export class FakeOutboundCall extends EventEmitter<{ app: [ExecutedApp] }> {
  executed: ExecutedApp[] = []
  commands: string[] = []
  readonly channel: EslEvent
  #socket: Socket | null = null
  #closed: Promise<void> | null = null

  constructor(call: { uuid: string; to: string; from: string }) {
    super()
    const [frame] = parseFrames(fixtureText('outbound_connect_reply_channel_data.txt'))
    const channel = new EslEvent(frame.headers)
    for (const name of ['Unique-ID', 'Channel-Unique-ID', 'Caller-Unique-ID', 'variable_uuid', 'variable_call_uuid']) channel.set(name, call.uuid)
    for (const name of ['Caller-Destination-Number', 'Channel-Destination-Number', 'variable_sip_req_user', 'variable_sip_to_user']) channel.set(name, call.to)
    for (const name of ['Caller-Caller-ID-Number', 'Channel-Caller-ID-Number', 'Caller-ANI', 'Channel-ANI', 'variable_sip_from_user']) channel.set(name, call.from)
    this.channel = channel
  }

  /** Connects like FreeSWITCH's socket app; resolves when the socket is open. */
  async connect(port: number, host = '127.0.0.1') {
    const socket = connect({ port, host, noDelay: true })
    this.#socket = socket
    socket.on('error', () => {})
    this.#closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('data', commandReader((line, headers) => this.#onCommand(line, headers)))
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return this
  }

  /** Resolves when the call's socket has closed (FreeSWITCH hung up). */
  closed() {
    return this.#closed ?? Promise.resolve()
  }

  waitForApp(app: string, timeoutMs = 3000): Promise<ExecutedApp> {
    const seen = this.executed.find((executed) => executed.app === app)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${app} app in ${timeoutMs} ms; got ${this.executed.map((e) => e.app).join(', ')}`)), timeoutMs)
      const listener = (executed: ExecutedApp) => {
        if (executed.app !== app) return
        clearTimeout(timer)
        this.off('app', listener)
        resolve(executed)
      }
      this.on('app', listener)
    })
  }

  #onCommand(line: string, headers: Record<string, string>) {
    const socket = this.#socket!
    this.commands.push(line)
    if (line === 'connect') return socket.write(serializeFrame(this.channel.headers))
    if (line.startsWith('event ')) return socket.write(commandReply(`+OK event listener enabled ${line.split(' ')[1]}`))
    if (line === 'myevents' || line.startsWith('myevents ')) return socket.write(commandReply('+OK Events Enabled'))
    if (line === 'linger') return socket.write(commandReply('+OK will linger'))
    if (line === 'exit') return socket.end(commandReply('+OK bye'))
    if (!line.startsWith('sendmsg')) return socket.write(commandReply('-ERR command not found'))
    const executed = { app: headers['execute-app-name'] ?? '', arg: headers['execute-app-arg'] ?? '', headers }
    this.executed.push(executed)
    socket.write(commandReply('+OK'))
    this.emit('app', executed)
    if (executed.app === 'hangup') socket.end(fixtureText('outbound_disconnect_notice_goodbye.txt'))
  }
}
