import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import dgram from 'node:dgram'
import { once } from 'node:events'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type { TelephonyConfig } from '#config/telephony'
import { renderKamailioCfg } from '#telephony/kamailio/render'

/**
 * A real Kamailio for the integration suite: the cfg rendered into tmp/, a MySQL user that may
 * only SELECT the kamailio_subscriber view, the app's HTTP server (started by the suite) as its
 * routing and registration API. SIP ports stay within 5160-5199.
 */
export const SIP_HOST = '127.0.0.1'
const KAMAILIO_PORTS: [number, number] = [5160, 5169]
export const DEVICE_PORTS: [number, number] = [5170, 5185]
const CARRIER_PORTS: [number, number] = [5186, 5189]
const DB_USER = 'bl_kamailio_test'
/** Debian installs it in /usr/sbin, which a non-login PATH may lack. */
const KAMAILIO_BIN = existsSync('/usr/sbin/kamailio') ? '/usr/sbin/kamailio' : 'kamailio'

export interface Kamailio {
  port: number
  /** The source port calls from "the carrier" must use to be trusted as one. */
  carrierPort: number
  dir: string
  /** Kamailio's log so far (stderr), for failure messages. */
  log(): string
  stop(): Promise<void>
}

/** True when nothing listens on this UDP port of 127.0.0.1 right now. */
export async function udpPortFree(port: number) {
  const socket = dgram.createSocket('udp4')
  try {
    socket.bind(port, SIP_HOST)
    await once(socket, 'listening')
    return true
  } catch {
    return false
  } finally {
    socket.close()
  }
}

/** The first free UDP port in a range, skipping ports already handed out. */
export async function freeUdpPort([from, to]: [number, number], taken: Set<number> = new Set()) {
  for (let port = from; port <= to; port++) {
    if (!taken.has(port) && (await udpPortFree(port))) return port
  }
  throw new Error(`no free UDP port in ${from}-${to}`)
}

/** The MySQL URL of a user with SELECT on this database's kamailio_subscriber view and nothing else. */
export async function kamailioDbUrl() {
  const { connection } = app.config.get<any>('database').connections.mysql
  const password = 'kamailio-test-only'
  await db.rawQuery(`CREATE USER IF NOT EXISTS '${DB_USER}'@'%' IDENTIFIED BY '${password}'`)
  await db.rawQuery(`ALTER USER '${DB_USER}'@'%' IDENTIFIED BY '${password}'`)
  await db.rawQuery(`GRANT SELECT ON \`${connection.database}\`.\`kamailio_subscriber\` TO '${DB_USER}'@'%'`)
  const host = connection.host === 'localhost' ? '127.0.0.1' : connection.host
  return {
    url: `mysql://${DB_USER}:${password}@${host}:${connection.port}/${connection.database}`,
    credentials: { host, port: Number(connection.port), user: DB_USER, password, database: connection.database as string },
  }
}

/** Answers once Kamailio replies to an OPTIONS ping on its port. */
async function answersOptions(port: number) {
  const socket = dgram.createSocket('udp4')
  const callId = randomBytes(8).toString('hex')
  const ping = [
    `OPTIONS sip:${SIP_HOST}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${SIP_HOST}:0;branch=z9hG4bK${callId}`,
    'Max-Forwards: 70',
    `From: <sip:probe@${SIP_HOST}>;tag=${callId}`,
    `To: <sip:${SIP_HOST}:${port}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n')
  try {
    const reply = once(socket, 'message')
    socket.send(ping, port, SIP_HOST)
    const answer = await Promise.race([reply, new Promise<null>((resolve) => setTimeout(() => resolve(null), 200))])
    return answer !== null && String(answer[0]).startsWith('SIP/2.0 200')
  } finally {
    socket.close()
  }
}

/** Renders the cfg and starts `kamailio -DD -E` on a free port; resolves once it answers SIP. */
export async function startKamailio(): Promise<Kamailio> {
  const port = await freeUdpPort(KAMAILIO_PORTS)
  const carrierPort = await freeUdpPort(CARRIER_PORTS)
  const dir = app.makePath('tmp', `kamailio-${port}`)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const { sip, switchToken } = app.config.get<TelephonyConfig>('telephony')
  const cfg = renderKamailioCfg({
    listen: [`udp:${SIP_HOST}:${port}`],
    dbUrl: (await kamailioDbUrl()).url,
    appUrl: `http://${env.get('HOST') ?? '127.0.0.1'}:${env.get('PORT') ?? 3333}`,
    appHost: `${app.config.get<any>('tenancy').platformSubdomain}.${app.config.get<any>('tenancy').platformDomain}`,
    switchToken: switchToken!,
    carriers: [`${SIP_HOST}:${carrierPort}`],
    gateways: [sip.pstnGateway, sip.voicemailGateway],
    runtimeDir: dir,
    children: 2,
    logLevel: 1,
  })
  const file = `${dir}/kamailio.cfg`
  await writeFile(file, cfg, { mode: 0o600 })
  const child = spawn(KAMAILIO_BIN, ['-DD', '-E', '-f', file, '-Y', dir, '-m', '64', '-M', '8'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout!.on('data', (chunk) => (log += chunk))
  child.stderr!.on('data', (chunk) => (log += chunk))
  const exited = once(child, 'exit')
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`kamailio exited during start-up:\n${log.slice(-3000)}`)
    if (await answersOptions(port)) return handle(child, exited, { port, carrierPort, dir, log: () => log })
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  throw new Error(`kamailio did not answer on ${port}:\n${log.slice(-3000)}`)
}

function handle(child: ChildProcess, exited: Promise<unknown>, state: { port: number; carrierPort: number; dir: string; log: () => string }): Kamailio {
  return {
    port: state.port,
    carrierPort: state.carrierPort,
    dir: state.dir,
    log: state.log,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}
