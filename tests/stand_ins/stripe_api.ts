import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/stripe/${name}`, import.meta.url), 'utf8'))
const CREATED = fixture('payment_intent_create_response_stripe_mock_fixture.json')
const SUCCEEDED_EVENT = fixture('webhook_event_payment_intent.succeeded.json')
const FAILED_EVENT = fixture('webhook_event_payment_intent.payment_failed.json')
const REFUNDED_EVENT = fixture('webhook_event_charge.refunded.json')

export interface RecordedRequest {
  method: string
  path: string
  idempotencyKey: string | null
  authorization: string | null
  body: Record<string, any>
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`

/**
 * A local stand-in for the parts of api.stripe.com Brandline uses: customers, PaymentIntents
 * (create, retrieve) and refunds. It reads the form-encoded bodies the SDK sends, answers
 * with copies of Stripe's own objects (fixtures), replays an Idempotency-Key's first answer
 * as Stripe does, and declines off-session charges when told to.
 */
export class StripeStandIn {
  requests: RecordedRequest[] = []
  intents = new Map<string, any>()
  /** Off-session charges answer 402 card_declined while this is set. */
  declineOffSession = false
  /** Refunds answer 500 api_error (Stripe having a bad day) while this is set. */
  failRefunds = false
  #replies = new Map<string, { status: number; body: unknown }>()
  #server: Server | null = null

  async start() {
    this.#server = createServer((req, res) => void this.#handle(req, res))
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`
  }

  async stop() {
    await new Promise((resolve) => this.#server?.close(resolve))
  }

  /** The requests to one endpoint, e.g. `created('/v1/payment_intents')`. */
  calls(method: string, path: string) {
    return this.requests.filter((r) => r.method === method && r.path === path)
  }

  /** What stripe.js does in the browser: the buyer confirms and the PaymentIntent succeeds. */
  confirm(intentId: string, card = { brand: 'visa', last4: '4242' }) {
    const intent = this.intents.get(intentId)
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, payment_method: id('pm') })
    intent.latest_charge = { id: id('ch'), object: 'charge', amount: intent.amount, payment_method_details: { type: 'card', card } }
    return intent
  }

  /** A webhook event body for an intent, shaped as Stripe's (fixture) with our object inside. */
  event(type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'charge.refunded', intentId: string, extra: Record<string, any> = {}) {
    const intent = this.intents.get(intentId)
    const template = type === 'payment_intent.succeeded' ? SUCCEEDED_EVENT : type === 'payment_intent.payment_failed' ? FAILED_EVENT : REFUNDED_EVENT
    const event = structuredClone(template)
    event.id = id('evt')
    event.created = Math.floor(Date.now() / 1000)
    if (type === 'charge.refunded') {
      Object.assign(event.data.object, { payment_intent: intent.id, amount: intent.amount, amount_captured: intent.amount, currency: intent.currency, metadata: intent.metadata }, extra)
    } else {
      const { latest_charge: _charge, ...plain } = intent
      Object.assign(event.data.object, plain, extra)
    }
    return event
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await new Promise<string>((resolve) => {
      let data = ''
      req.on('data', (chunk) => (data += chunk))
      req.on('end', () => resolve(data))
    })
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null
    const body = parseForm(req.method === 'GET' ? url.search.slice(1) : raw)
    this.requests.push({ method: req.method!, path: url.pathname, idempotencyKey: key, authorization: req.headers.authorization ?? null, body })
    const replayKey = key ? `${req.method} ${url.pathname} ${key}` : null
    const reply = (replayKey && this.#replies.get(replayKey)) || this.#route(req.method!, url.pathname, body)
    if (replayKey) this.#replies.set(replayKey, reply)
    res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': id('req') })
    res.end(JSON.stringify(reply.body))
  }

  #route(method: string, path: string, body: Record<string, any>): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/customers') return ok({ id: id('cus'), object: 'customer', metadata: body.metadata ?? {} })
    if (method === 'POST' && path === '/v1/payment_intents') return this.#createIntent(body)
    const retrieve = /^\/v1\/payment_intents\/([\w]+)$/.exec(path)
    if (method === 'GET' && retrieve) {
      const intent = this.intents.get(retrieve[1])
      return intent ? ok(intent) : missing(retrieve[1])
    }
    if (method === 'POST' && path === '/v1/refunds') {
      if (this.failRefunds) return { status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } }
      const intent = this.intents.get(body.payment_intent)
      if (!intent) return missing(body.payment_intent)
      return ok({ id: id('re'), object: 'refund', amount: Number(body.amount ?? intent.amount), currency: intent.currency, payment_intent: intent.id, status: 'succeeded' })
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } } }
  }

  #createIntent(body: Record<string, any>) {
    const intent = {
      ...structuredClone(CREATED),
      id: id('pi'),
      amount: Number(body.amount),
      amount_received: 0,
      currency: body.currency,
      customer: body.customer ?? null,
      description: body.description ?? null,
      metadata: body.metadata ?? {},
      payment_method: body.payment_method ?? null,
      payment_method_types: body.allowed_payment_method_types ?? ['card'],
      setup_future_usage: body.setup_future_usage ?? null,
      last_payment_error: null,
      next_action: null,
      status: 'requires_payment_method',
      created: Math.floor(Date.now() / 1000),
    }
    intent.client_secret = `${intent.id}_secret_${randomBytes(12).toString('hex')}`
    this.intents.set(intent.id, intent)
    if (body.confirm !== 'true') return ok(intent)
    if (this.declineOffSession) {
      intent.last_payment_error = { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' }
      return {
        status: 402,
        body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_intent: intent } },
      }
    }
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount })
    return ok(intent)
  }
}

function ok(body: unknown) {
  return { status: 200, body }
}

function missing(what: string) {
  return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: '${what}'` } } }
}

/** Stripe's form encoding (`metadata[tenant_id]=1`, `allowed_payment_method_types[0]=card`) to nested objects. */
export function parseForm(text: string) {
  const result: Record<string, any> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    const keys = name.match(/[^[\]]+/g) ?? []
    let node: any = result
    keys.forEach((key, index) => {
      if (index === keys.length - 1) node[key] = value
      else node = node[key] ??= /^\d+$/.test(keys[index + 1]) ? [] : {}
    })
  }
  return result
}
