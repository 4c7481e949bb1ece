/**
 * `npm run bench:sms`: SMS end to end, against MySQL and Redis found or started like for
 * `npm test` (bin/services.sh) and a stand-in SMSC (tests/stand_ins/smsc.ts, the real `smpp`
 * library) in this process. It migrates and seeds its own database, creates saas brands whose
 * users each have a number, a funded wallet and an API token, builds the app and runs the built
 * server (production) and BENCH_WORKERS `brandline:worker` processes whose platform binds point
 * at the SMSC. Then:
 *   a) end to end: BENCH_MESSAGES messages through POST /api/v1/sms/send (BENCH_CONNECTIONS at
 *      once, random senders) -> outbox -> SMPP -> SMSC -> delivery receipt -> `delivered`
 *      stored; msg/s from the first request to the last delivery, p50/p99 queued -> delivered;
 *      a2) the same through bulk sends (POST /api/v1/messages/bulk) of BENCH_BULK_SIZE recipients;
 *   b) the raw library: one bare `smpp` client, window 50, against a fresh SMSC with receipts,
 *      no database, for the ratio;
 *   c) scheduled: BENCH_SCHEDULED messages due within one minute (spread over it); fired
 *      (sent_at) minus scheduled_for, p50/p99/max.
 * It prints a table; it asserts nothing. Logs: tmp/bench/sms-server.log, sms-worker-<n>.log.
 *
 *   BENCH_MESSAGES (10000), BENCH_CONNECTIONS (64), BENCH_SERVERS (1, node:cluster), BENCH_WORKERS (2), BENCH_BINDS (2 per worker),
 *   BENCH_WINDOW (10), BENCH_BRANDS (10), BENCH_USERS_PER_BRAND (20), BENCH_SCHEDULED (10000, 0 skips),
 *   BENCH_BULK_SIZE (500; 0 skips a2: the same number of messages through POST /api/v1/messages/bulk)
 *   BENCH_DB_DATABASE (brandline_bench_sms)   dropped, re-created and migrated
 *   BENCH_SKIP_BUILD=1   reuse an existing build/
 *   BENCH_CPU_PROF=1   V8 CPU profiles of the server and the workers in tmp/bench/
 */
import 'reflect-metadata'
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, openSync, writeFileSync } from 'node:fs'
import { BUILD, ROOT, bootApp, build as buildApp, freePort, services, stop, waitForPort } from './harness.js'
import { cpus as cpus_, totalmem } from 'node:os'
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64)
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1)
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2)
const BINDS = Number(process.env.BENCH_BINDS ?? 2)
const WINDOW = Number(process.env.BENCH_WINDOW ?? 10)
const BRANDS = Number(process.env.BENCH_BRANDS ?? 10)
const USERS_PER_BRAND = Number(process.env.BENCH_USERS_PER_BRAND ?? 20)
const BULK_SIZE = Number(process.env.BENCH_BULK_SIZE ?? 500)
const SCHEDULED = Number(process.env.BENCH_SCHEDULED ?? 10_000)
const DATABASE = process.env.BENCH_DB_DATABASE ?? 'brandline_bench_sms'
const PROFILE = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${new URL('tmp/bench/', ROOT).pathname}`] : []

const log = (message: string) => console.log(`[bench:sms] ${message}`)
const rows: Array<[string, string]> = []

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
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'benchsms',
    MAIL_MAILER: 'log',
  }
  const admin = await mysql.createConnection({ host: found.DB_HOST, port: Number(found.DB_PORT), user: found.DB_USER, password: found.DB_PASSWORD })
  await admin.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``)
  await admin.query(`CREATE DATABASE \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await admin.end()

  mkdirSync(new URL('tmp/bench/', ROOT), { recursive: true })
  buildApp('sms', log)
  log(`fresh schema and demo data in ${DATABASE} on ${found.DB_HOST}:${found.DB_PORT}`)
  for (const args of [['ace.js', 'migration:run', '--force'], ['ace.js', 'brandline:demo']]) {
    execFileSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] })
  }
  Object.assign(process.env, env)
  const app = await bootApp()
  const { createSenders } = await import('./sms_setup.js')
  const started = performance.now()
  const senders = await createSenders(BRANDS, USERS_PER_BRAND)
  log(`${BRANDS} saas brands x ${USERS_PER_BRAND} users (number, funded wallet, API token) in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const { startSmsc } = await import('#tests/stand_ins/smsc')
  const { startWorker } = await import('#tests/integration/worker_processes')
  const smsc = await startSmsc()
  const smppEnv = { SMPP_HOST: '127.0.0.1', SMPP_PORT: String(smsc.port), SMPP_SYSTEM_ID: 'brandline', SMPP_PASSWORD: 'secret' }
  Object.assign(process.env, smppEnv)

  const serverLog = openSync(new URL('tmp/bench/sms-server.log', ROOT), 'w')
  const server = spawn(process.execPath, [...PROFILE, new URL('bench/calls_cluster.js', ROOT).pathname], {
    cwd: BUILD, env: { ...env, ...smppEnv, BENCH_SERVERS: String(SERVERS) }, stdio: ['ignore', serverLog, serverLog],
  })
  const workers = Array.from({ length: WORKERS }, () =>
    startWorker({ smscPort: smsc.port, binds: BINDS, window: WINDOW, cwd: BUILD.pathname, nodeArgs: PROFILE, env: { LOG_LEVEL: 'info' } })
  )
  process.once('exit', () => server.kill('SIGKILL'))
  try {
    await waitForPort(port, server)
    await Promise.all(workers.map((worker) => worker.ready(60_000)))
    log(`${SERVERS} server process(es) on 127.0.0.1:${port}, ${WORKERS} worker(s) x ${BINDS} bind(s), window ${WINDOW}, SMSC on ${smsc.port}`)
    const { endToEnd } = await import('./sms_measure.js')
    rows.push(...(await endToEnd({ port, senders, messages: MESSAGES, connections: CONNECTIONS, log })))
    if (BULK_SIZE > 0) rows.push(...(await endToEnd({ port, senders, messages: MESSAGES, connections: CONNECTIONS, bulkSize: BULK_SIZE, log })))
    if (SCHEDULED > 0) {
      const { scheduledFireTimes } = await import('./sms_measure.js')
      const arrivals = () => {
        const first = new Map<string, number>()
        for (const submit of smsc.submits) if (submit.ref && !first.has(submit.ref)) first.set(submit.ref, submit.at)
        return first
      }
      rows.push(...(await scheduledFireTimes({ senders, count: SCHEDULED, log, arrivals })))
    }
  } finally {
    workers.forEach((worker, index) => writeFileSync(new URL(`tmp/bench/sms-worker-${index + 1}.log`, ROOT), worker.log()))
    await Promise.all(workers.map((worker) => worker.stop()))
    await stop(server)
    await smsc.close()
  }
  const { rawLibrary } = await import('./sms_measure.js')
  rows.push(...(await rawLibrary({ messages: Math.max(MESSAGES, 20_000), window: 50, log })))
  const { rates } = await import('./sms_measure.js')
  if (rates.endToEnd && rates.raw) rows.push(['a / b', `${((100 * rates.endToEnd) / rates.raw).toFixed(1)} % of the raw library rate`])
  if (rates.bulk && rates.raw) rows.push(['a2 / b', `${((100 * rates.bulk) / rates.raw).toFixed(1)} % of the raw library rate`])
  await app.terminate()
  printTable()
}

function printTable() {
  const width = Math.max(...rows.map(([label]) => label.length))
  const cpus = cpus_()
  console.log('')
  console.log(`SMS benchmark: ${cpus.length} x ${cpus[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; server, workers, SMSC and MySQL on this machine`)
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`)
}

await main()
