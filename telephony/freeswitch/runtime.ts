import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { TelephonyConfig } from '#config/telephony'
import { FreeSwitchVoiceDriver } from '#telephony/drivers/freeswitch_driver'
import { outboundServerFromConfig, type EslOutboundServer } from './outbound_server.js'

interface Running {
  driver: FreeSwitchVoiceDriver
  server: EslOutboundServer
  address: { host: string; port: number }
}

let running: Running | null = null

/**
 * The worker's FreeSWITCH side, for the platform pool (config/telephony.ts `freeswitch`):
 * event-socket connections that turn channel and voicemail events into call records and
 * voicemails, and the outbound socket FreeSWITCH asks about each inbound call. Does nothing
 * when no host is configured. A pool that is down does not stop the worker: the connections
 * keep retrying with backoff.
 */
export async function start(): Promise<Running | null> {
  if (running) return running
  const { freeswitch } = app.config.get<TelephonyConfig>('telephony')
  if (!freeswitch.hosts.length) return null
  const driver = new FreeSwitchVoiceDriver({ hosts: freeswitch.hosts, password: freeswitch.password, name: 'saas-events', events: true })
  driver.connect().catch((error) => logger.warn({ err: error }, 'FreeSWITCH pool not reachable yet; retrying in the background'))
  const server = outboundServerFromConfig()
  const address = await server.listen()
  logger.info({ hosts: freeswitch.hosts, outbound: address }, 'FreeSWITCH event sockets and outbound server started')
  running = { driver, server, address }
  return running
}

/** Closes the connections and the outbound server (worker shutdown). */
export async function stop() {
  const current = running
  running = null
  if (!current) return
  await current.server.close()
  await current.driver.close()
}
