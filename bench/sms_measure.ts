/**
 * The three measurements of `npm run bench:sms` (see bench/sms.ts), each returning table rows.
 * Times come from the database (created_at, sent_at, scheduled_for, and updated_at of delivered
 * messages: delivered_at is the receipt's own done date, to the minute), all with milliseconds,
 * read as epoch milliseconds, so no time zone is involved.
 */
import http from 'node:http'
import { DateTime } from 'luxon'
// @ts-expect-error autocannon ships no type declarations
import autocannon from 'autocannon'
import db from '@adonisjs/lucid/services/db'
import { DESTINATIONS, scheduleSpread, sendInProcess, type SmsSender } from './sms_setup.js'

type Rows = Array<[string, string]>

/** The headline rates, for the ratio line. */
export const rates = { endToEnd: 0, bulk: 0, raw: 0 }
type Log = (message: string) => void

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN }
}

/** One JSON POST with the brand's Host header (fetch does not let us set it). */
function post(port: number, sender: SmsSender, path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const request = http.request(
      {
        host: '127.0.0.1', port, method: 'POST', path,
        headers: { host: `${sender.host}:${port}`, authorization: `Bearer ${sender.token}`, accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0))
    )
    request.on('error', reject)
    request.end(payload)
  })
}

interface Timing {
  id: number
  status: string
  c: number | null
  s: number | null
  d: number | null
  f: number | null
}

async function timings(afterId: number): Promise<Timing[]> {
  const [rows] = await db.rawQuery(
    `SELECT id, status, UNIX_TIMESTAMP(created_at) * 1000 AS c, UNIX_TIMESTAMP(sent_at) * 1000 AS s,
            CASE WHEN status = 'delivered' THEN UNIX_TIMESTAMP(updated_at) * 1000 END AS d, UNIX_TIMESTAMP(scheduled_for) * 1000 AS f
       FROM messages WHERE id > ? AND direction = 'outbound'`,
    [afterId]
  )
  return (rows as any[]).map((row) => ({ id: row.id, status: row.status, c: num(row.c), s: num(row.s), d: num(row.d), f: num(row.f) }))
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value))

async function lastId() {
  const [{ last }] = await db.from('messages').max('id as last')
  return Number(last ?? 0)
}

/** Waits until `count` messages after `afterId` satisfy `column IS NOT NULL`, giving up after 30 s without progress. */
async function waitFor(afterId: number, count: number, column: 'delivered' | 'sent_at', log: Log) {
  let last = -1
  let stalledSince = Date.now()
  for (;;) {
    const query = db.from('messages').where('id', '>', afterId).where('direction', 'outbound')
    if (column === 'delivered') query.where('status', 'delivered')
    else query.whereNotNull(column)
    const [{ total }] = await query.count('* as total')
    const done = Number(total)
    if (done >= count) return done
    if (done !== last) {
      last = done
      stalledSince = Date.now()
    } else if (Date.now() - stalledSince > 30_000) {
      log(`gave up waiting: ${done} of ${count} have ${column}`)
      return done
    }
    await sleep(100)
  }
}

function statusCounts(list: Timing[]) {
  const counts: Record<string, number> = {}
  for (const item of list) counts[item.status] = (counts[item.status] ?? 0) + 1
  return Object.entries(counts).map(([status, n]) => `${status} ${fmt(n)}`).join(', ')
}

async function fireSends(port: number, senders: SmsSender[], messages: number, connections: number) {
  const started = Date.now()
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    amount: messages,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/sms/send',
        setupRequest: (request: any) => {
          const sender = pick(senders)
          return {
            ...request,
            headers: { host: `${sender.host}:${port}`, authorization: `Bearer ${sender.token}`, accept: 'application/json', 'content-type': 'application/json' },
            body: JSON.stringify({ to: pick(DESTINATIONS), body: `Bench message ${Math.random().toString(36).slice(2)}` }),
          }
        },
      },
    ],
  })
  return `${fmt(result.requests.total / ((Date.now() - started) / 1000))} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`
}

/** Bulk sends of `size` distinct recipients each, from senders in turn, a few at once. */
async function fireBulks(port: number, senders: SmsSender[], messages: number, size: number, concurrency: number) {
  const started = Date.now()
  const bulks = Math.ceil(messages / size)
  const statuses: number[] = []
  const latencies: number[] = []
  let next = 0
  const loop = async () => {
    for (let i = next++; i < bulks; i = next++) {
      const count = Math.min(size, messages - i * size)
      const recipients = Array.from({ length: count }, (_, k) => ({ to: DESTINATIONS[k % DESTINATIONS.length], name: `R${k}` }))
      const at = Date.now()
      statuses.push(await post(port, senders[i % senders.length], '/api/v1/messages/bulk', { template: 'Hello {{name}}, this is a bench message', recipients, per_minute: 60_000 }))
      latencies.push(Date.now() - at)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
  const times = spread(latencies)
  const failed = statuses.filter((status) => status < 200 || status >= 300)
  return `${bulks} requests of ${size} in ${((Date.now() - started) / 1000).toFixed(1)} s (${fmt(messages / ((Date.now() - started) / 1000))} recipients/s), p50 ${fmt(times.p50)} ms, p99 ${fmt(times.p99)} ms, non-2xx ${failed.length}${failed.length ? ` (${[...new Set(failed)].join(', ')})` : ''}`
}

/** a) API -> outbox -> SMPP -> SMSC -> receipt -> `delivered`: through POST /api/v1/sms/send, or bulk sends of `bulkSize`. */
export async function endToEnd(options: { port: number; senders: SmsSender[]; messages: number; connections: number; bulkSize?: number; log: Log }): Promise<Rows> {
  const { port, senders, messages, connections, bulkSize, log } = options
  const label = bulkSize ? `POST /api/v1/messages/bulk (${bulkSize} per request)` : 'POST /api/v1/sms/send'
  let viaApi = true
  if (!bulkSize) {
    const probe = await post(port, senders[0], '/api/v1/sms/send', { to: DESTINATIONS[0], body: 'Warm-up' })
    viaApi = probe >= 200 && probe < 300
    if (!viaApi) log(`POST /api/v1/sms/send answered ${probe}: sending through messageService.send in this process instead`)
    await sleep(1000)
  }
  const afterId = await lastId()
  const started = Date.now()
  let http = ''
  if (bulkSize) http = await fireBulks(port, senders, messages, bulkSize, Math.min(4, connections))
  else if (viaApi) http = await fireSends(port, senders, messages, connections)
  else {
    let next = 0
    const loop = async () => {
      while (next++ < messages) await sendInProcess(pick(senders), pick(DESTINATIONS), `Bench message ${next}`)
    }
    await Promise.all(Array.from({ length: connections }, loop))
    http = `${fmt(messages / ((Date.now() - started) / 1000))} sends/s (in process, ${connections} at once)`
  }
  log(`${label}: ${fmt(messages)} messages accepted in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for their receipts`)
  const queued = (await timings(afterId)).length
  await waitFor(afterId, queued, 'delivered', log)
  const list = await timings(afterId)
  const delivered = list.filter((item) => item.d !== null)
  const lastDelivered = Math.max(...delivered.map((item) => item.d!))
  const seconds = (lastDelivered - started) / 1000
  const latency = spread(delivered.map((item) => item.d! - item.c!))
  const rate = delivered.length / seconds
  if (!bulkSize) rates.endToEnd = rate
  else rates.bulk = rate
  const outboxLag = spread(list.filter((item) => item.s !== null).map((item) => item.s! - item.c!))
  const name = bulkSize ? 'a2) end to end, bulk API' : 'a) end to end'
  return [
    [name, `${fmt(rate)} msg/s (${fmt(delivered.length)} delivered of ${fmt(queued)} queued in ${seconds.toFixed(1)} s, first request to last delivery)   goal >= 1,000`],
    ['   queued -> delivered', `p50 ${fmt(latency.p50)} ms, p99 ${fmt(latency.p99)} ms, max ${fmt(latency.max)} ms`],
    ['   queued -> sent (outbox)', `p50 ${fmt(outboxLag.p50)} ms, p99 ${fmt(outboxLag.p99)} ms`],
    [viaApi ? `   ${label}` : '   sends', http],
    ['   final statuses', statusCounts(list)],
  ]
}

/** c) `count` messages due within one minute, spread over it: fired (sent_at) minus scheduled_for. */
export async function scheduledFireTimes(options: { senders: SmsSender[]; count: number; log: Log; arrivals: () => Map<string, number> }): Promise<Rows> {
  const { senders, count, log } = options
  const afterId = await lastId()
  const from = DateTime.utc().plus({ seconds: 45 }).startOf('minute').plus({ minutes: 1 })
  const started = Date.now()
  await scheduleSpread(senders, count, from, 59_000)
  log(`${fmt(count)} messages scheduled for ${from.toISOTime()} - ${from.plus({ seconds: 59 }).toISOTime()} UTC in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for them to fire`)
  await sleep(Math.max(0, from.toMillis() + 59_000 - Date.now()))
  await waitFor(afterId, count, 'sent_at', log)
  const list = (await timings(afterId)).filter((item) => item.f !== null)
  const fired = list.filter((item) => item.s !== null)
  const late = spread(fired.map((item) => item.s! - item.f!))
  const early = fired.filter((item) => item.s! < item.f!).length
  const arrivals = options.arrivals()
  const [refRows] = await db.rawQuery('SELECT id, ref FROM messages WHERE id > ? AND scheduled_for IS NOT NULL', [afterId])
  const refOf = new Map((refRows as any[]).map((row) => [row.id, row.ref as string]))
  const atSmsc = spread(fired.filter((item) => arrivals.has(refOf.get(item.id)!)).map((item) => arrivals.get(refOf.get(item.id)!)! - item.f!))
  return [
    ['c) scheduled fire time', `fired - scheduled_for: p50 ${fmt(late.p50)} ms, p99 ${fmt(late.p99)} ms, max ${fmt(late.max)} ms   goal p99 < 2,000 ms`],
    ['   first submit at the SMSC', `minus scheduled_for: p50 ${fmt(atSmsc.p50)} ms, p99 ${fmt(atSmsc.p99)} ms, max ${fmt(atSmsc.max)} ms`],
    ['   scheduled messages', `${fmt(fired.length)} of ${fmt(list.length)} fired in their minute, ${early} early; ${statusCounts(list)}`],
  ]
}

/** b) One bare `smpp` client against a fresh stand-in SMSC with receipts, `window` submits outstanding. */
export async function rawLibrary(options: { messages: number; window: number; log: Log }): Promise<Rows> {
  const { messages, window, log } = options
  const { default: smpp } = await import('smpp')
  const { startSmsc } = await import('#tests/stand_ins/smsc')
  const smsc = await startSmsc()
  const session = smpp.connect({ host: '127.0.0.1', port: smsc.port })
  session.on('error', () => {})
  await new Promise<void>((resolve, reject) =>
    session.bind_transceiver({ system_id: 'brandline', password: 'secret' }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`bind ${pdu.command_status}`))))
  )
  let receipts = 0
  let sent = 0
  let outstanding = 0
  const started = Date.now()
  await new Promise<void>((resolve) => {
    session.on('deliver_sm', (pdu) => {
      session.send(pdu.response())
      if (++receipts === messages) resolve()
    })
    const pump = () => {
      while (outstanding < window && sent < messages) {
        outstanding++
        sent++
        session.submit_sm({ source_addr: '16285550100', destination_addr: '14155550100', short_message: `Raw ${sent}`, registered_delivery: 1 }, () => {
          outstanding--
          pump()
        })
      }
    }
    pump()
  })
  const seconds = (Date.now() - started) / 1000
  rates.raw = messages / seconds
  session.close()
  await smsc.close()
  log(`raw smpp: ${fmt(messages)} submits with receipts in ${seconds.toFixed(1)} s`)
  return [['b) raw smpp library', `${fmt(messages / seconds)} msg/s (one client, window ${window}, a receipt per message, same SMSC, no database)`]]
}
