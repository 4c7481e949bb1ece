import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { signCarrierWebhook } from '#telephony/drivers/http_mms_driver'

/** A media URL the carrier fetched when it took a message. */
export interface FetchedMedia {
  url: string
  status: number
  contentType: string | null
  data: Buffer
}

/** One POST /v2/messages as the carrier saw it. */
export interface SubmittedMessage {
  authorization: string | null
  body: any
  /** What fetching each of `media_urls` gave. */
  fetched: FetchedMedia[]
  /** The id the carrier answered with (none when it refused). */
  id: string | null
}

export interface AppAddress {
  /** Where the app listens, e.g. http://127.0.0.1:3339. */
  url: string
  /** The Host header webhooks are posted with (the platform host). */
  webhookHost: string
  webhookSecret: string
}

/**
 * A local stand-in for an HTTP MMS carrier shaped like Telnyx's v2 messaging API: takes
 * POST /v2/messages with a Bearer key, fetches every media URL it is given (as a carrier
 * does, so signed URLs are exercised for real; every host resolves to this machine), and
 * answers with a message id, or with the statuses queued by `failNext`. It posts signed
 * status and inbound webhooks to the app, serving inbound media from its own /media/ path.
 */
export class MmsCarrierStandIn {
  readonly apiKey = `KEY${randomUUID().replaceAll('-', '')}`
  submitted: SubmittedMessage[] = []
  #failures: Array<{ status: number; code: string }> = []
  #media = new Map<string, { contentType: string; data: Buffer }>()
  #server: Server | null = null
  #base = ''

  constructor(private app: AppAddress) {}

  async start() {
    this.#server = createServer((req, res) => void this.#handle(req, res))
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    this.#base = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`
    return this.#base
  }

  async stop() {
    this.#server?.closeAllConnections()
    await new Promise((resolve) => this.#server?.close(resolve))
  }

  /** The next `times` submits are refused with this status (429 throttling, 500 outage, 4xx refusal). */
  failNext(status: number, times = 1, code = String(status === 429 ? 10011 : status >= 500 ? 10007 : 40300)) {
    for (let i = 0; i < times; i++) this.#failures.push({ status, code })
  }

  /** Posts a status webhook for a message the carrier took (`delivered`, `delivery_failed`, ...). */
  status(id: string, status: string, errorCode?: string) {
    const submitted = this.submitted.find((entry) => entry.id === id)
    return this.webhook({
      event_type: status === 'sent' ? 'message.sent' : 'message.finalized',
      payload: {
        id,
        record_type: 'message',
        direction: 'outbound',
        type: 'MMS',
        from: { phone_number: submitted?.body.from ?? null },
        to: [{ phone_number: submitted?.body.to ?? null, status }],
        errors: errorCode ? [{ code: errorCode, title: 'Delivery failed' }] : [],
        completed_at: new Date().toISOString(),
      },
    })
  }

  /** Posts an inbound SMS or MMS; media bytes are served from this stand-in for the app to fetch. */
  inbound(message: { from: string; to: string; text?: string; media?: Array<{ contentType: string; data: Buffer }>; id?: string }) {
    const media = (message.media ?? []).map((part) => {
      const key = randomUUID()
      this.#media.set(key, part)
      return { url: `${this.#base}/media/${key}`, content_type: part.contentType, size: part.data.length }
    })
    return this.webhook({
      event_type: 'message.received',
      payload: {
        id: message.id ?? randomUUID(),
        record_type: 'message',
        direction: 'inbound',
        type: media.length ? 'MMS' : 'SMS',
        from: { phone_number: message.from },
        to: [{ phone_number: message.to, status: 'webhook_delivered' }],
        text: message.text ?? '',
        media,
        received_at: new Date().toISOString(),
      },
    })
  }

  /** Posts any event, signed (or with the signature given). */
  webhook(data: Record<string, unknown>, signature?: string) {
    const raw = JSON.stringify({ data: { record_type: 'event', id: randomUUID(), occurred_at: new Date().toISOString(), ...data }, meta: { attempt: 1 } })
    return this.post('/webhooks/messages/http', raw, signature ?? signCarrierWebhook(this.app.webhookSecret, raw))
  }

  /** Posts a raw body to the app with the signature header; resolves with the status and JSON answer. */
  post(path: string, raw: string, signature: string | null) {
    const target = new URL(path, this.app.url)
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'host': this.app.webhookHost,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(raw),
            ...(signature ? { 'x-brandline-signature': signature } : {}),
          },
        },
        (res) => {
          collect(res).then((data) => resolve({ status: res.statusCode ?? 0, body: parseJson(data.toString('utf8')) }), reject)
        }
      )
      req.on('error', reject)
      req.end(raw)
    })
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const raw = (await collect(req)).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://stand-in')
    if (req.method === 'GET' && url.pathname.startsWith('/media/')) {
      const part = this.#media.get(url.pathname.slice('/media/'.length))
      if (!part) return reply(res, 404, { errors: [{ code: '10005', title: 'Resource not found' }] })
      res.writeHead(200, { 'content-type': part.contentType, 'content-length': part.data.length })
      return res.end(part.data)
    }
    if (req.method !== 'POST' || url.pathname !== '/v2/messages') return reply(res, 404, { errors: [{ code: '10005', title: 'Resource not found' }] })
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return reply(res, 401, { errors: [{ code: '10009', title: 'Authentication failed' }] })
    const body = parseJson(raw)
    const entry: SubmittedMessage = { authorization: req.headers.authorization ?? null, body, fetched: [], id: null }
    this.submitted.push(entry)
    const failure = this.#failures.shift()
    if (failure) return reply(res, failure.status, { errors: [{ code: failure.code, title: `Stand-in answered ${failure.status}` }] })
    if (!body?.from || !body?.to) return reply(res, 422, { errors: [{ code: '10002', title: 'Invalid parameter', detail: 'from and to are required' }] })
    for (const mediaUrl of body.media_urls ?? []) entry.fetched.push(await fetchAnyHost(mediaUrl))
    if (entry.fetched.some((item) => item.status !== 200)) {
      return reply(res, 422, { errors: [{ code: '40008', title: 'Media could not be retrieved', detail: 'A media URL did not answer 200' }] })
    }
    entry.id = randomUUID()
    return reply(res, 200, {
      data: {
        record_type: 'message',
        direction: 'outbound',
        id: entry.id,
        type: body.media_urls?.length ? 'MMS' : 'SMS',
        from: { phone_number: body.from },
        to: [{ phone_number: body.to, status: 'queued' }],
        text: body.text ?? '',
        media: (body.media_urls ?? []).map((mediaUrl: string) => ({ url: mediaUrl })),
        parts: 1,
      },
    })
  }
}

/** GET on any host, connecting to this machine (brand hosts such as x.localhost need no DNS). */
function fetchAnyHost(url: string) {
  const target = new URL(url)
  return new Promise<FetchedMedia>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port: target.port || 80, path: `${target.pathname}${target.search}`, headers: { host: target.host } }, (res) => {
      collect(res).then((data) => resolve({ url, status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, data }))
    })
    req.on('error', () => resolve({ url, status: 0, contentType: null, data: Buffer.alloc(0) }))
    req.end()
  })
}

function collect(stream: NodeJS.ReadableStream) {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function parseJson(text: string) {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
