import http from 'node:http'
import type Tenant from '#models/tenant'
import Call from '#models/call'
import { runForTenant } from '#tenants/context'
import type { CallEvent } from '#telephony/types'
import { SimulatedVoiceDriver, type SimulatedTimeline } from '#telephony/drivers/simulated_voice_driver'
import callService from '#services/calls/call_service'

/** A simulated switch on a fast timeline that records what it was asked and what it reported. */
export class RecordingSwitch extends SimulatedVoiceDriver {
  readonly originated: Parameters<SimulatedVoiceDriver['originate']>[0][] = []
  readonly events: CallEvent[] = []
  failNext: Error | null = null

  constructor(timeline: Partial<SimulatedTimeline> = {}) {
    super({
      timeline: { ringMs: 15, talkSeconds: 8, msPerSecond: 2, ...timeline },
      onEvent: async (event) => {
        this.events.push(event)
        return callService.onEvent(event)
      },
    })
  }

  async originate(request: Parameters<SimulatedVoiceDriver['originate']>[0]) {
    this.originated.push(request)
    if (this.failNext) {
      const error = this.failNext
      this.failNext = null
      throw error
    }
    return super.originate(request)
  }
}

/** The call row as the database has it now. */
export function callRow(tenant: Tenant, uuid: string) {
  return runForTenant(tenant, () => Call.findByOrFail('uuid', uuid))
}

/** Waits until `check` passes (polling), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, ms = 3000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
}

/** One plain HTTP request to the test server (Node's fetch will not send our Host header); the body as bytes and text. */
export function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; bytes: Buffer }>((resolve, reject) => {
    const request = http.request({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT), path, method, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: bytes.toString('utf8'), bytes })
      })
    })
    request.on('error', reject)
    request.end(body)
  })
}

/** Merges Set-Cookie headers into a cookie jar (name -> value). */
function keep(jar: Map<string, string>, headers: http.IncomingHttpHeaders) {
  for (const cookie of headers['set-cookie'] ?? []) {
    const [pair] = cookie.split(';')
    const at = pair.indexOf('=')
    jar.set(pair.slice(0, at), pair.slice(at + 1))
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** Signs in through the real login form, as a browser would, and returns the session's Cookie header. */
export async function sessionCookie(host: string, email: string, password = 'brandline-demo') {
  const jar = new Map<string, string>()
  const form = await raw('GET', '/portal/login', { host })
  const csrf = /name='_csrf' value='([^']+)'/.exec(form.text)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1]
  if (!csrf) throw new Error('no CSRF token on the login form')
  const body = new URLSearchParams({ _csrf: csrf, email, password }).toString()
  const signedIn = await raw('POST', '/portal/login', { host, cookie: keep(jar, form.headers), 'content-type': 'application/x-www-form-urlencoded' }, body)
  if (signedIn.status !== 302 || signedIn.headers.location === '/portal/login') throw new Error(`login failed (${signedIn.status})`)
  return keep(jar, signedIn.headers)
}

export interface SseEvent {
  event: string
  data: any
}

/** A Server-Sent Events client over plain HTTP (Node has no EventSource), for the test server. */
export class SseClient {
  readonly events: SseEvent[] = []
  status = 0
  headers: http.IncomingHttpHeaders = {}
  #request: http.ClientRequest | null = null
  #buffer = ''

  /** Opens the stream; resolves once the response headers are in. */
  open(path: string, headers: Record<string, string>) {
    return new Promise<this>((resolve, reject) => {
      const request = http.get({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT), path, headers }, (response) => {
        this.status = response.statusCode ?? 0
        this.headers = response.headers
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => this.#feed(chunk))
        response.on('error', () => {})
        resolve(this)
      })
      request.on('error', (error) => (this.#request ? undefined : reject(error)))
      this.#request = request
    })
  }

  /** Waits for an event matching `predicate` (already received or still to come). */
  async next(predicate: (event: SseEvent) => boolean, ms = 3000) {
    return eventually(async () => this.events.find(predicate), ms)
  }

  calls(uuid?: string) {
    return this.events.filter((event) => event.event === 'call' && (!uuid || event.data.uuid === uuid)).map((event) => event.data)
  }

  close() {
    this.#request?.destroy()
  }

  #feed(chunk: string) {
    this.#buffer += chunk
    let end: number
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end)
      this.#buffer = this.#buffer.slice(end + 2)
      const lines = block.split('\n')
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7)
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6)
      if (event && data) this.events.push({ event, data: JSON.parse(data) })
    }
  }
}
