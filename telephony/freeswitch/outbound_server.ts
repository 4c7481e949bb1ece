import { EventEmitter } from 'node:events'
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net'
import esl, { type Connection, type Server as EslServer } from 'modesl'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { TelephonyConfig } from '#config/telephony'
import type { RouteDecision } from '#telephony/types'
import { hardenConnection } from './esl_guard.js'
import { inboundPlan, type DialplanApp } from './inbound_plan.js'
import { dialSettingsFromConfig, type DialSettings } from './dial_plan.js'

export type DecideInbound = (call: { to: string; from: string }) => Promise<RouteDecision>

export interface OutboundServerOptions {
  host: string
  /** 0 picks a free port (modesl's own `port: 0` would silently use 8022, so we listen ourselves). */
  port: number
  /** The routing decision; routingService.decideInbound by default. */
  decide?: DecideInbound
  /** The mod_voicemail domain of the call's brand (its SIP domain); looked up by call uuid by default. */
  voicemailDomainOf?: (callUuid: string) => Promise<string | null>
  dial: DialSettings
}

/** Apps FreeSWITCH acknowledged for one call, for logs and tests. */
export interface HandledCall {
  uuid: string
  to: string
  from: string
  decision: RouteDecision | null
  apps: DialplanApp[]
}

const defaultDecide: DecideInbound = async (call) => {
  const { default: routingService } = await import('#services/calls/routing_service')
  return routingService.decideInbound(call, { switch: 'freeswitch' })
}

async function defaultVoicemailDomain(callUuid: string) {
  const [{ default: Call }, { acrossAllTenants }, { default: tenancy }, { sipDomainOf }] = await Promise.all([
    import('#models/call'),
    import('#tenants/context'),
    import('#tenants/main'),
    import('#telephony/sip_domain'),
  ])
  const call = await acrossAllTenants('voicemail domain', () => Call.findBy('uuid', callUuid))
  const tenant = call ? await tenancy.resolver.snapshot(call.tenantId) : null
  return tenant ? sipDomainOf(tenant) : null
}

/**
 * The outbound event socket: FreeSWITCH's dialplan hands each inbound call to it
 * (`socket <host>:<port> async full`); we read the channel data, ask the routing service what
 * to do and queue the dialplan apps that do it (`sendmsg` with event-lock, so they run in
 * order). The socket stays open until FreeSWITCH ends the call. Every socket has no-delay.
 */
export class EslOutboundServer extends EventEmitter<{ handled: [HandledCall]; socket: [Socket] }> {
  #net: NetServer | null = null
  #esl: EslServer | null = null

  constructor(readonly options: OutboundServerOptions) {
    super()
  }

  /** Starts listening; resolves with the address FreeSWITCH should connect to. */
  async listen(): Promise<{ host: string; port: number }> {
    const server = createServer()
    server.on('connection', (socket) => {
      socket.setNoDelay(true)
      this.emit('socket', socket)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.port, this.options.host, () => resolve())
    })
    this.#net = server
    this.#esl = new esl.Server({ server })
    this.#esl.on('connection::open', (conn) => {
      conn.on('error', (error: Error) => logger.warn({ err: error }, 'FreeSWITCH outbound socket error'))
      hardenConnection(conn, (error) => logger.error({ err: error }, 'unreadable frame on the outbound socket; dropped'))
    })
    this.#esl.on('connection::ready', (conn) => void this.#onCall(conn))
    const { address, port } = server.address() as AddressInfo
    return { host: address, port }
  }

  /** Stops accepting calls; calls in progress keep their sockets until FreeSWITCH ends them. */
  async close() {
    const server = this.#net
    this.#net = null
    this.#esl = null
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  async #onCall(conn: Connection) {
    const info = conn.getInfo()
    const handled: HandledCall = {
      uuid: info?.getHeader('Unique-ID') ?? '',
      to: info?.getHeader('Caller-Destination-Number') ?? '',
      from: info?.getHeader('Caller-Caller-ID-Number') ?? '',
      decision: null,
      apps: [],
    }
    try {
      if (!handled.uuid || !handled.to) throw new Error('FreeSWITCH sent no channel data')
      handled.decision = await (this.options.decide ?? defaultDecide)({ to: handled.to, from: handled.from })
      const domain = handled.decision.action === 'route' ? await (this.options.voicemailDomainOf ?? defaultVoicemailDomain)(handled.decision.callUuid) : null
      for (const [name, arg] of inboundPlan(handled.decision, this.options.dial, domain)) {
        await this.#execute(conn, handled.uuid, name, arg)
        handled.apps.push([name, arg])
      }
    } catch (error) {
      logger.error({ err: error, uuid: handled.uuid, to: handled.to }, 'inbound call could not be routed; hanging up')
      if (conn.socket) await this.#execute(conn, handled.uuid, 'hangup', 'NORMAL_TEMPORARY_FAILURE').catch(() => conn.socket?.destroy())
    }
    this.emit('handled', handled)
  }

  /** Queues one app on the call and waits for FreeSWITCH to accept it. */
  #execute(conn: Connection, uuid: string, name: string, arg: string) {
    return new Promise<void>((resolve, reject) => {
      if (!conn.socket) return reject(new Error('FreeSWITCH closed the call socket'))
      const timer = setTimeout(() => reject(new Error(`FreeSWITCH did not accept ${name}`)), 5000)
      const headers = { 'call-command': 'execute', 'execute-app-name': name, 'execute-app-arg': arg, 'event-lock': 'true' }
      conn.sendRecv(`sendmsg ${uuid}`, headers, (reply) => {
        clearTimeout(timer)
        const text = reply.getHeader('Reply-Text') ?? ''
        return text.startsWith('+OK') ? resolve() : reject(new Error(`FreeSWITCH refused ${name}: ${text}`))
      })
    })
  }
}

/** The server as config/telephony.ts sets it up (`freeswitch.outbound`). */
export function outboundServerFromConfig(overrides: Partial<OutboundServerOptions> = {}) {
  const { freeswitch } = app.config.get<TelephonyConfig>('telephony')
  return new EslOutboundServer({ host: freeswitch.outbound.host, port: freeswitch.outbound.port, dial: dialSettingsFromConfig(), ...overrides })
}
