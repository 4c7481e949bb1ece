/**
 * HTTP benchmark of a running (built) Brandline server, started by bin/bench.sh.
 *
 *   BENCH_URL          base URL of the server, e.g. http://127.0.0.1:40123 (required)
 *   BENCH_CONNECTIONS  concurrent connections (64)
 *   BENCH_DURATION     seconds measured per target (10)
 *   BENCH_WARMUP       seconds of warm-up per target, not counted (3)
 *
 * Targets: the bare GET /healthz (no tenancy), the themed landing page GET / of acme.localhost,
 * and GET /api/v1/user/profile with a Bearer token from POST /api/v1/auth/login. Prints req/s,
 * p99 latency and non-2xx counts, the ratios to the bare route and the goals. It reports, it
 * does not assert.
 */
import http from 'node:http'
import autocannon from 'autocannon'

const base = new URL(process.env.BENCH_URL ?? '')
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64)
const duration = Number(process.env.BENCH_DURATION ?? 10)
const warmup = Number(process.env.BENCH_WARMUP ?? 3)
const brandHost = `acme.localhost:${base.port}`
const LOGIN = { email: 'ann@acme.test', password: 'brandline-demo' }

/** One request with node:http (fetch does not let us pick the Host header). */
function request(method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }))
      }
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** The token of a login response: `{ data: { token } }`, or any `token` string inside it. */
function findToken(value) {
  if (!value || typeof value !== 'object') return null
  if (typeof value.token === 'string') return value.token
  if (value.token && typeof value.token.value === 'string') return value.token.value
  for (const child of Object.values(value)) {
    const found = findToken(child)
    if (found) return found
  }
  return null
}

async function login() {
  const response = await request('POST', '/api/v1/auth/login', { host: brandHost }, LOGIN)
  if (response.status !== 200) {
    console.log(`  ! POST /api/v1/auth/login answered ${response.status}: ${response.text.slice(0, 200)}`)
    return null
  }
  try {
    return findToken(JSON.parse(response.text))
  } catch {
    console.log(`  ! POST /api/v1/auth/login did not answer JSON: ${response.text.slice(0, 200)}`)
    return null
  }
}

function cannon(target, seconds) {
  return autocannon({
    url: new URL(target.path, base).href,
    connections,
    duration: seconds,
    headers: target.headers,
  })
}

const targets = [
  { key: 'bare', label: 'GET /healthz (bare)', path: '/healthz', headers: {} },
  { key: 'landing', label: 'GET / (acme landing)', path: '/', headers: { host: brandHost } },
]

const token = await login()
if (token) {
  targets.push({
    key: 'profile',
    label: 'GET /api/v1/user/profile',
    path: '/api/v1/user/profile',
    headers: { host: brandHost, accept: 'application/json', authorization: `Bearer ${token}` },
  })
} else {
  console.log('  ! no API token: the profile benchmark is skipped')
}

console.log(`Benchmark: ${connections} connections, ${warmup}s warm-up + ${duration}s per target, ${base.origin}`)
const results = {}
for (const target of targets) {
  const probe = await request('GET', target.path, target.headers)
  if (probe.status !== 200) {
    console.log(`  ! ${target.label} answered ${probe.status} before the run: ${probe.text.slice(0, 160)}`)
  }
  if (warmup > 0) await cannon(target, warmup)
  const result = await cannon(target, duration)
  results[target.key] = result
  console.log(
    `  ${target.label.padEnd(28)} ${result.requests.average.toFixed(0).padStart(7)} req/s` +
      `  p99 ${String(result.latency.p99).padStart(4)} ms  non-2xx ${result.non2xx}` +
      `  errors ${result.errors}  timeouts ${result.timeouts}`
  )
}

const bare = results.bare?.requests.average ?? 0
const ratio = (key) => (bare > 0 && results[key] ? results[key].requests.average / bare : null)
const show = (value) => (value === null ? 'n/a' : `${value.toFixed(2)}x`)
const landing = ratio('landing')
const profile = ratio('profile')
const profileP99 = results.profile?.latency.p99

console.log('')
console.log(`  landing / bare = ${show(landing)}   goal >= 0.80x: ${landing === null ? 'n/a' : landing >= 0.8 ? 'met' : 'missed'}`)
console.log(
  `  profile / bare = ${show(profile)}   goal >= 0.35x with p99 < 50 ms: ` +
    (profile === null
      ? 'n/a'
      : profile >= 0.35 && profileP99 < 50
        ? `met (p99 ${profileP99} ms)`
        : `missed (p99 ${profileP99} ms)`)
)
if (Object.values(results).some((result) => result.non2xx > 0)) {
  console.log('  note: some responses were not 2xx; their req/s do not measure the intended route')
}
