/**
 * The parts of npm `modesl` 1.2.1 (no types of its own) that Brandline uses. Names follow the
 * library's source (lib/esl/Connection.js, Server.js, Event.js, Parser.js).
 */
declare module 'modesl' {
  import type { Server as NetServer, Socket } from 'node:net'

  export class Event {
    constructor(headers: Record<string, string>, body?: string)
    type: string
    subclass: string | undefined
    body: string
    headers: { name: string; value: string }[]
    getHeader(name: string): string | null
    getBody(): string
    getType(): string
    addHeader(name: string, value: string): string
    serialize(format?: 'plain' | 'json' | 'xml'): string
  }

  /** The frame parser modesl attaches to each socket (internal, reached for hardening only). */
  export interface Parser {
    _onData(chunk: Buffer): void
    _parseHeaderText(text: string): Record<string, string | number>
  }

  type Listener = (this: { event: string }, ...args: any[]) => void

  export class Connection {
    /** Inbound: connect to FreeSWITCH's event socket. */
    constructor(host: string, port: number, password: string, ready?: () => void)
    /** Outbound: wrap a socket FreeSWITCH connected to us on. */
    constructor(socket: Socket, ready?: () => void)
    socket: Socket | null
    parser?: Parser
    authed: boolean
    channelData: Event | null
    on(event: string, listener: Listener): this
    once(event: string, listener: Listener): this
    off(event: string, listener: Listener): this
    removeAllListeners(event?: string): this
    emit(event: string, ...args: unknown[]): boolean
    connected(): boolean
    getInfo(): Event | null
    send(command: string, args?: Record<string, string | number | boolean>): void
    sendRecv(command: string, args: Record<string, string | number | boolean> | null, cb?: (event: Event) => void): void
    sendRecv(command: string, cb?: (event: Event) => void): void
    api(command: string, args: string | string[], cb?: (event: Event) => void): void
    bgapi(command: string, args: string | string[], jobId?: string, cb?: (event: Event) => void): void
    execute(app: string, arg: string, uuid?: string, cb?: (event: Event) => void): string
    disconnect(): void
  }

  export class Server {
    constructor(options: { server?: NetServer; host?: string; port?: number; myevents?: boolean }, ready?: () => void)
    server: NetServer
    connections: Record<string, Connection>
    on(event: 'connection::ready' | 'connection::open' | 'connection::close', listener: (conn: Connection, id: string) => void): this
    close(cb?: (error?: Error) => void): void
  }

  const esl: {
    Connection: typeof Connection
    Server: typeof Server
    Event: typeof Event
    /** Reads frames from anything with `data` events; emits `esl::event` (event, headers, body). */
    Parser: new (socket: import('node:events').EventEmitter) => Parser & { on(event: 'esl::event', listener: (event: Event, headers: Record<string, string>, body?: string) => void): void }
  }
  export default esl
}
