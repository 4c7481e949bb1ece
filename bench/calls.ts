/**
 * `npm run bench:calls`: routing decisions per second through the HTTP endpoint Kamailio asks
 * (POST /switch/v1/route on the platform host), against MySQL and Redis found or started like
 * for `npm test` (bin/services.sh). It migrates and seeds its own database, creates BENCH_USERS
 * users of the demo brand acme (number, device, funded wallet, a call rule each; BENCH_HOT of
 * them with wallets that cover only a few calls), builds the app and starts the built server in
 * production mode (as bin/bench.sh does), and fires a mix of decisions with autocannon:
 *   - outbound (70%): an authenticated device dials a US number, half of them naming their caller
 *     ID; device lookup, caller ID check, regions and blocked prefixes, rate, wallet hold;
 *   - inbound (30%): a carrier calls a user's number; number lookup, rules, presence, busy check,
 *     and a paid forward leg where a rule forwards.
 * Then it settles every call the decisions opened (answered and ended through the call service,
 * some with talk time, some without) and checks the money: no wallet below zero and no hold left
 * open. It prints decisions/s, p50/p99 latency and the overdraft count; it asserts nothing.
 *
 *   BENCH_USERS (200), BENCH_HOT (10), BENCH_CONNECTIONS (64), BENCH_DURATION (10 s), BENCH_WARMUP (3 s)
 *   BENCH_DB_DATABASE (brandline_bench_calls)   dropped, re-created and migrated
 *   BENCH_SERVERS (1)   server processes sharing the port through node:cluster (stateless instances)
 *   BENCH_SKIP_BUILD=1   reuse an existing build/ instead of rebuilding
 *   BENCH_CPU_PROF=1   writes a V8 CPU profile of the server to tmp/bench/ (open it in Chrome DevTools)
 */
import 'reflect-metadata'
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, openSync } from 'node:fs'
import { BUILD, ROOT, bootApp, build as buildApp, freePort, services, stop, waitForPort } from './harness.js'
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'

const USERS = Number(process.env.BENCH_USERS ?? 200)
const HOT = Number(process.env.BENCH_HOT ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64)
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3)
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1)
const DATABASE = process.env.BENCH_DB_DATABASE ?? 'brandline_bench_calls'
const TOKEN = `bench-${randomBytes(12).toString('hex')}`

/** The part of autocannon's result this bench reads. */
interface CannonResult {
  requests: { total: number }
  latency: { p50: number; p99: number; max: number }
  non2xx: number
  errors: number
  timeouts: number
}

const log = (message: string) => console.log(`[bench:calls] ${message}`)

function run(args: string[], env: NodeJS.ProcessEnv) {
  execFileSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] })
}

/** Waits until the server has answered what autocannon left in flight (no new call rows for a while). */
async function drained() {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  let last = -1
  for (let i = 0; i < 100; i++) {
    const [{ total }] = await db.from('calls').count('* as total')
    if (Number(total) === last) return
    last = Number(total)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

type BenchUsers = Awaited<ReturnType<typeof import('./calls_setup.js').createBenchUsers>>

/** One decision request: outbound from a device (70%) or inbound from a carrier (30%). */
function decisionBody(users: BenchUsers, hotShare: number) {
  const pool = Math.random() < hotShare ? users.filter((user) => user.hot) : users
  const user = pool[Math.floor(Math.random() * pool.length)]
  const destination = `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`
  if (Math.random() < 0.7) {
    return {
      kind: 'device', tenantId: user.tenantId, username: user.username, domain: user.domain, from: `sip:${user.username}@${user.domain}`,
      to: destination, ...(Math.random() < 0.5 ? { callerId: user.number } : {}), callId: randomBytes(8).toString('hex'),
    }
  }
  return { kind: 'carrier', from: destination, to: user.number, callId: randomBytes(8).toString('hex') }
}

function fire(port: number, users: BenchUsers, seconds: number): Promise<CannonResult> {
  const hotShare = users.some((user) => user.hot) ? 0.1 : 0
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/switch/v1/route',
        headers: { host: `admin.localhost:${port}`, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        setupRequest: (request: any) => ({ ...request, body: JSON.stringify(decisionBody(users, hotShare)) }),
      },
    ],
  })
}

async function main() {
  const found = services()
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...found,
    NODE_ENV: 'production',
    APP_KEY: randomBytes(24).toString('base64url'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PLATFORM_DOMAIN: 'localhost',
    DB_CONNECTION: 'mysql',
    DB_DATABASE: DATABASE,
    REDIS_ENABLED: 'true',
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'benchcalls',
    MAIL_MAILER: 'log',
    SWITCH_API_TOKEN: TOKEN,
  }
  const admin = await mysql.createConnection({ host: found.DB_HOST, port: Number(found.DB_PORT), user: found.DB_USER, password: found.DB_PASSWORD })
  /** Dropped whole rather than migration:fresh, which leaves views (kamailio_subscriber) behind. */
  await admin.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``)
  await admin.query(`CREATE DATABASE \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await admin.end()

  mkdirSync(new URL('tmp/bench/', ROOT), { recursive: true })
  buildApp('calls', log)
  log(`fresh schema and demo data in ${DATABASE} on ${found.DB_HOST}:${found.DB_PORT}`)
  run(['ace.js', 'migration:run', '--force'], env)
  run(['ace.js', 'brandline:demo'], env)
  Object.assign(process.env, env)
  const app = await bootApp()
  const { createBenchUsers } = await import('./calls_setup.js')
  const started = performance.now()
  const users = await createBenchUsers(USERS, HOT)
  log(`${USERS} users with a number, a device (4 in 5 registered), a wallet and a rule, in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  log(`starting ${SERVERS} x build/bin/server.js (production, node:cluster) on 127.0.0.1:${port}, log in tmp/bench/calls-server.log`)
  const profile = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${new URL('tmp/bench/', ROOT).pathname}`] : []
  const serverLog = openSync(new URL('tmp/bench/calls-server.log', ROOT), 'w')
  const launcher = new URL('bench/calls_cluster.js', ROOT).pathname
  const server = spawn(process.execPath, [...profile, launcher], { cwd: BUILD, env: { ...env, BENCH_SERVERS: String(SERVERS) }, stdio: ['ignore', serverLog, serverLog] })
  process.once('exit', () => server.kill('SIGKILL'))
  try {
    await waitForPort(port, server)
    if (WARMUP > 0) await fire(port, users, WARMUP)
    const bare = await autocannon({ url: `http://127.0.0.1:${port}/healthz`, connections: CONNECTIONS, duration: 3 })
    log(`for scale, the bare GET /healthz of the same server: ${Math.round(bare.requests.total / 3).toLocaleString('en-US')} req/s`)
    log(`${CONNECTIONS} connections for ${DURATION} s`)
    const result = await fire(port, users, DURATION)
    printLoad(result)
    await drained()
    await stop(server)
    await report()
  } finally {
    await stop(server)
    await app.terminate()
  }
}

function printLoad(result: CannonResult) {
  console.log('')
  console.log(`Routing decisions through POST /switch/v1/route (${SERVERS} server process(es), ${CONNECTIONS} connections, ${DURATION} s)`)
  console.log(`  ${Math.round(result.requests.total / DURATION).toLocaleString('en-US')} decisions/s   goal >= 1,000`)
  console.log(`  latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`)
  console.log(`  non-2xx answers: ${result.non2xx}, errors: ${result.errors}, timeouts: ${result.timeouts}`)
}

/**
 * What the decisions did; the money checked while their holds are open; every call they opened
 * settled; the money checked again.
 */
async function report() {
  const { settleAll, moneyCheck, outcomes } = await import('./calls_settle.js')
  for (const line of await outcomes()) console.log(`  ${line}`)
  const held = await moneyCheck()
  console.log(`Overdraft check with the holds open: ${held.overdrawn} wallet(s) with available < 0 (must be 0), ${held.openHolds} open hold(s), ${held.mismatched} wallet(s) whose held total differs from its open holds`)
  const started = performance.now()
  const settled = await settleAll()
  console.log(`Settled ${settled.toLocaleString('en-US')} calls through the call service in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const money = await moneyCheck()
  console.log(`Overdraft check after settling: ${money.overdrawn} wallet(s) with available < 0 (must be 0), ${money.openHolds} hold(s) left open, ${money.mismatched} wallet(s) whose held total differs from its open holds`)
}

await main()
