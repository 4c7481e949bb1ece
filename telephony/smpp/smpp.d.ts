/**
 * The parts of npm `smpp` 0.5.1 (no types of its own) that Brandline uses. Names follow the
 * library's source (lib/smpp.js, pdu.js, defs.js). PDU fields are the SMPP parameter names.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer, Socket } from 'node:net'

  /** A decoded or outgoing PDU: header fields plus the command's parameters and TLVs by name. */
  export interface PDU {
    command: string
    command_id: number
    command_status: number
    sequence_number: number
    [field: string]: any
    isResponse(): boolean
    response(options?: Record<string, any>): PDU
  }

  /** Decodes a PDU from its bytes, or builds one to send. */
  export const PDU: { new (buffer: Buffer): PDU; new (command: string, options?: Record<string, any>): PDU }

  export type ResponseCallback = (pdu: PDU) => void

  export class Session extends EventEmitter {
    socket: Socket
    server?: Server
    send(pdu: PDU, onResponse?: ResponseCallback, onSent?: ResponseCallback): boolean
    close(callback?: () => void): void
    destroy(callback?: () => void): void
    pause(): void
    resume(): void
    bind_transceiver(options: Record<string, any>, onResponse?: ResponseCallback): boolean
    submit_sm(options: Record<string, any>, onResponse?: ResponseCallback, onSent?: ResponseCallback): boolean
    deliver_sm(options: Record<string, any>, onResponse?: ResponseCallback): boolean
    enquire_link(options?: Record<string, any> | ResponseCallback, onResponse?: ResponseCallback): boolean
    unbind(options?: Record<string, any> | ResponseCallback, onResponse?: ResponseCallback): boolean
  }

  export interface Server extends NetServer {
    sessions: Session[]
  }

  export function connect(options: { host: string; port: number; [option: string]: any }, listener?: () => void): Session
  export function createServer(options: Record<string, any>, listener?: (session: Session) => void): Server
  export function addTLV(tag: string, options: { id: number; type: any }): void

  export const types: { tlv: Record<'int8' | 'int16' | 'int32' | 'cstring' | 'string' | 'buffer', any> }
  export const errors: Record<string, number>
  export const consts: Record<string, any>

  const smpp: {
    connect: typeof connect
    createServer: typeof createServer
    addTLV: typeof addTLV
    types: typeof types
    errors: typeof errors
    consts: typeof consts
  }
  export default smpp
}
