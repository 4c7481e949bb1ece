import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import smpp, { type PDU, type Session } from 'smpp'
import { addressOf, numberOf } from '#telephony/smpp/outgoing'
import { concatOf, ESM_CLASS, DATA_CODING, REF_TLV, STATUS, textOf, type ConcatInfo } from '#telephony/smpp/wire'

export interface SmscOptions {
  systemId?: string
  password?: string
  /** Send a delivery receipt for every accepted submit that asks for one (default true). */
  receipts?: boolean
  receiptDelayMs?: number
  /** Send the receipt before the submit_sm_resp (a race real SMSCs produce). */
  receiptBeforeResp?: boolean
  /** Answer every Nth submit_sm with 0x58 (ESME_RTHROTTLED). */
  throttleEvery?: number
  /** Destinations answered 0x0B (ESME_RINVDSTADR). */
  failDestinations?: string[]
  /** Destinations accepted, then reported UNDELIV. */
  undeliverable?: string[]
  /** Wait this long before each submit_sm_resp (to keep submits outstanding). */
  responseDelayMs?: number
  /** Never answer the first N submits, and keep the socket open (a hung SMSC). */
  ignoreFirstSubmits?: number
  /** Drop every bind (without answering) when this many submits have arrived, once. */
  dropAfterSubmits?: number
  port?: number
}

/** One submit_sm as the SMSC received it (duplicates included). */
export interface SmscSubmit {
  ref: string | null
  from: string
  to: string
  text: string
  dataCoding: number
  esmClass: number
  registeredDelivery: number
  udh: Buffer[]
  part: ConcatInfo | null
  /** The id we answered with; null when refused. */
  messageId: string | null
  status: number
  session: number
  at: number
}

export interface Smsc {
  port: number
  submits: SmscSubmit[]
  /** Receipts (deliver_sm with esm_class 0x04) sent, by message id. */
  receiptsSent: string[]
  enquireLinks: number
  /** Binds accepted since start (reconnects included). */
  bindCount: number
  /** The most submit_sm outstanding (received, not yet answered) on one session at once. */
  maxOutstanding: number
  /** Sessions bound now. */
  readonly sessions: number
  /** The distinct message refs (our vendor TLV) of accepted submits. */
  uniqueRefs(): Set<string>
  /** Destroys every client socket (a carrier dropping the binds). */
  dropAllBinds(): void
  /** Sends an inbound deliver_sm to a bound client; resolves with the client's command_status. */
  deliver(from: string, to: string, text: string): Promise<number>
  close(): Promise<void>
}

let nextId = 1

/**
 * A real SMSC for tests and the benchmark, on the same `smpp` library the driver uses: binds
 * with a system id and password, answers submit_sm (or refuses, throttles, delays), sends
 * delivery receipts, and delivers inbound messages to bound clients.
 */
export async function startSmsc(options: SmscOptions = {}): Promise<Smsc> {
  const settings = { systemId: 'brandline', password: 'secret', receipts: true, receiptDelayMs: 0, ...options }
  const prefix = randomBytes(3).toString('hex')
  const bound = new Map<Session, { id: number; outstanding: number }>()
  const pendingReceipts: Array<Record<string, any>> = []
  let sessionIds = 0
  let received = 0
  let dropped = false

  const server = smpp.createServer({}, (session) => {
    const state = { id: ++sessionIds, outstanding: 0 }
    session.on('error', () => session.destroy())
    session.on('close', () => bound.delete(session))
    session.on('bind_transceiver', (pdu: PDU) => {
      if (pdu.system_id !== settings.systemId) return session.send(pdu.response({ command_status: STATUS.RBINDFAIL }))
      if (pdu.password !== settings.password) return session.send(pdu.response({ command_status: STATUS.RINVPASWD }))
      session.send(pdu.response({ system_id: 'brandline-smsc' }))
      bound.set(session, state)
      smsc.bindCount++
      for (const receipt of pendingReceipts.splice(0)) session.deliver_sm(receipt)
    })
    session.on('enquire_link', (pdu: PDU) => {
      smsc.enquireLinks++
      session.send(pdu.response())
    })
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response())
      session.close()
    })
    session.on('submit_sm', (pdu: PDU) => onSubmit(session, state, pdu))
  })

  function onSubmit(session: Session, state: { id: number; outstanding: number }, pdu: PDU) {
    if (!bound.has(session)) return session.send(pdu.response({ command_status: STATUS.RINVBNDSTS }))
    received++
    const status = statusFor(pdu)
    const messageId = status === STATUS.ROK ? `${prefix}${(nextId++).toString(16).padStart(8, '0')}` : null
    const udh: Buffer[] = pdu.short_message?.udh ?? []
    smsc.submits.push({
      ref: pdu[REF_TLV] ?? null,
      from: numberOf(pdu.source_addr, pdu.source_addr_ton),
      to: numberOf(pdu.destination_addr, pdu.dest_addr_ton),
      text: textOf(pdu.short_message),
      dataCoding: pdu.data_coding ?? 0,
      esmClass: pdu.esm_class ?? 0,
      registeredDelivery: pdu.registered_delivery ?? 0,
      udh,
      part: concatOf(udh),
      messageId,
      status,
      session: state.id,
      at: Date.now(),
    })
    if (settings.dropAfterSubmits && !dropped && received >= settings.dropAfterSubmits) {
      dropped = true
      return smsc.dropAllBinds()
    }
    if (settings.ignoreFirstSubmits && received <= settings.ignoreFirstSubmits) return
    state.outstanding++
    smsc.maxOutstanding = Math.max(smsc.maxOutstanding, state.outstanding)
    const wantsReceipt = messageId && settings.receipts && (pdu.registered_delivery & 0x03) !== 0
    const answer = () => {
      state.outstanding--
      if (session.socket.destroyed) return
      session.send(pdu.response(messageId ? { message_id: messageId } : { command_status: status }))
      if (wantsReceipt && !settings.receiptBeforeResp) scheduleReceipt(messageId, pdu)
    }
    if (wantsReceipt && settings.receiptBeforeResp) scheduleReceipt(messageId, pdu, session)
    if (settings.responseDelayMs) setTimeout(answer, settings.responseDelayMs)
    else if (wantsReceipt && settings.receiptBeforeResp) setTimeout(answer, 20)
    else answer()
  }

  function statusFor(pdu: PDU) {
    if (settings.failDestinations?.includes(numberOf(pdu.destination_addr, pdu.dest_addr_ton))) return STATUS.RINVDSTADR
    if (settings.throttleEvery && received % settings.throttleEvery === 0) return STATUS.RTHROTTLED
    return STATUS.ROK
  }

  function scheduleReceipt(messageId: string, submit: PDU, session?: Session) {
    const failed = settings.undeliverable?.includes(numberOf(submit.destination_addr, submit.dest_addr_ton))
    const stamp = receiptDate(new Date())
    const receipt = {
      source_addr: submit.destination_addr,
      source_addr_ton: submit.dest_addr_ton,
      destination_addr: submit.source_addr,
      dest_addr_ton: submit.source_addr_ton,
      esm_class: ESM_CLASS.DELIVERY_RECEIPT,
      data_coding: DATA_CODING.GSM,
      short_message: `id:${messageId} sub:001 dlvrd:${failed ? '000' : '001'} submit date:${stamp} done date:${stamp} stat:${failed ? 'UNDELIV' : 'DELIVRD'} err:${failed ? '001' : '000'} text:`,
      receipted_message_id: messageId,
      message_state: failed ? 5 : 2,
    }
    const send = () => {
      const target = session && bound.has(session) ? session : [...bound.keys()][0]
      if (!target) return pendingReceipts.push(receipt)
      smsc.receiptsSent.push(messageId)
      target.deliver_sm(receipt)
    }
    if (settings.receiptDelayMs || !session) setTimeout(send, settings.receiptDelayMs)
    else send()
  }

  await new Promise<void>((resolve) => server.listen(settings.port ?? 0, '127.0.0.1', resolve))

  const smsc: Smsc = {
    port: (server.address() as AddressInfo).port,
    submits: [],
    receiptsSent: [],
    enquireLinks: 0,
    bindCount: 0,
    maxOutstanding: 0,
    get sessions() {
      return bound.size
    },
    uniqueRefs() {
      return new Set(smsc.submits.filter((s) => s.status === STATUS.ROK && s.ref).map((s) => s.ref!))
    },
    dropAllBinds() {
      for (const session of server.sessions.slice()) session.socket.destroy()
      bound.clear()
    },
    deliver(from, to, text) {
      const session = [...bound.keys()][0]
      if (!session) return Promise.reject(new Error('no client is bound to the SMSC'))
      const gsm = /^[\x20-\x5f\x61-\x7e\n\r£¥èéùìòÇØøÅåÆæßÉÄÖÑÜ§¿äöñüà€]*$/.test(text)
      const source = addressOf(from)
      const destination = addressOf(to)
      return new Promise((resolve) => {
        session.deliver_sm(
          {
            source_addr: source.addr,
            source_addr_ton: source.ton,
            destination_addr: destination.addr,
            dest_addr_ton: destination.ton,
            data_coding: gsm ? DATA_CODING.GSM : DATA_CODING.UCS2,
            short_message: text,
          },
          (resp: PDU) => resolve(resp.command_status)
        )
      })
    },
    async close() {
      for (const session of server.sessions.slice()) session.socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return smsc
}

/** YYMMDDhhmm in UTC, as receipts carry it. */
function receiptDate(at: Date) {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(at.getUTCFullYear() % 100)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}`
}
