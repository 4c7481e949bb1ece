import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomInt, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/telnyx/${name}`, import.meta.url), 'utf8'))
const SEARCH = fixture('available_phone_numbers_search_response.json')
const ORDER = fixture('number_order_create_response.json')
const PHONE_NUMBER = fixture('phone_number_get_response.json')

/** A number the stand-in has for sale. */
export interface StockedNumber {
  e164: string
  type: 'local' | 'mobile' | 'toll_free'
  /** Telnyx feature names: voice, sms, mms, fax, emergency, ... */
  features: string[]
  state?: string
  rateCenter?: string
}

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  authorization: string | null
  body: any
}

type Reply = { status: number; body: unknown }

/**
 * A local stand-in for the parts of api.telnyx.com's v2 number API Brandline uses: number
 * search with its filter[...] parameters, number orders, listing and deleting the account's
 * numbers. It answers with copies of Telnyx's own response objects (fixtures), checks the
 * Bearer key, and can be told to fail (a status for every request) or to hang.
 */
export class TelnyxStandIn {
  readonly apiKey = `KEY${randomUUID().replaceAll('-', '')}`
  requests: RecordedRequest[] = []
  stock = new Map<string, StockedNumber>()
  /** The account's numbers by Telnyx phone number id. */
  owned = new Map<string, any>()
  /** Every request answers this status (Telnyx having a bad day) while set. */
  failWith: number | null = null
  /** Number orders alone answer this status while set. */
  failOrdersWith: number | null = null
  /** Requests are never answered while set (to test the client's timeout). */
  hang = false
  #server: Server | null = null
  #hanging: ServerResponse[] = []

  async start() {
    this.#server = createServer((req, res) => void this.#handle(req, res))
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`
  }

  async stop() {
    for (const res of this.#hanging) res.destroy()
    this.#server?.closeAllConnections()
    await new Promise((resolve) => this.#server?.close(resolve))
  }

  /** Puts numbers up for sale. */
  add(...numbers: StockedNumber[]) {
    for (const number of numbers) this.stock.set(number.e164, number)
  }

  calls(method: string, path: string) {
    return this.requests.filter((r) => r.method === method && r.path === path)
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await new Promise<string>((resolve) => {
      let data = ''
      req.on('data', (chunk) => (data += chunk))
      req.on('end', () => resolve(data))
    })
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const body = raw ? JSON.parse(raw) : null
    this.requests.push({ method: req.method!, path: url.pathname, query: url.searchParams, authorization: req.headers.authorization ?? null, body })
    if (this.hang) {
      this.#hanging.push(res)
      return
    }
    const reply = this.#reply(req, url, body)
    res.writeHead(reply.status, { 'content-type': 'application/json', 'x-request-id': randomUUID() })
    res.end(JSON.stringify(reply.body))
  }

  #reply(req: IncomingMessage, url: URL, body: any): Reply {
    if (this.failWith) return error(this.failWith, '10007', 'Unexpected error', 'An unexpected error occurred.')
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return error(401, '10009', 'Authentication failed', 'The API key looks malformed. Check that you copied it correctly.')
    }
    const method = req.method
    if (method === 'GET' && url.pathname === '/v2/available_phone_numbers') return this.#search(url.searchParams)
    if (method === 'POST' && url.pathname === '/v2/number_orders') return this.#order(body)
    if (method === 'GET' && url.pathname === '/v2/phone_numbers') {
      const wanted = url.searchParams.get('filter[phone_number]')
      const data = [...this.owned.values()].filter((row) => !wanted || row.phone_number === wanted)
      return ok({ data, meta: { total_pages: 1, total_results: data.length, page_number: 1, page_size: 20 } })
    }
    const one = /^\/v2\/phone_numbers\/([^/]+)$/.exec(url.pathname)
    if (method === 'DELETE' && one) {
      const record = this.owned.get(decodeURIComponent(one[1]))
      if (!record) return error(404, '10005', 'Resource not found', 'The requested resource or URL could not be found.')
      this.owned.delete(record.id)
      return ok({ data: { ...record, status: 'deleted', updated_at: new Date().toISOString() } })
    }
    return error(404, '10005', 'Resource not found', `No route for ${method} ${url.pathname}`)
  }

  #search(query: URLSearchParams): Reply {
    const country = query.get('filter[country_code]')
    if (!country) return error(400, '10015', 'Invalid filter', 'filter[country_code] is required')
    const type = query.get('filter[phone_number_type]')
    const ndc = query.get('filter[national_destination_code]')
    const area = query.get('filter[administrative_area]')
    const contains = query.get('filter[phone_number][contains]')
    const features = query.getAll('filter[features][]')
    const limit = Number(query.get('filter[limit]') ?? 20)
    const matches = [...this.stock.values()].filter((number) => {
      const parsed = parsePhoneNumberFromString(number.e164)!
      const national = parsed.nationalNumber
      return (
        parsed.country === country &&
        (!type || number.type === type) &&
        (!ndc || national.startsWith(ndc)) &&
        (!area || number.state === area) &&
        (!contains || national.includes(contains)) &&
        features.every((name) => number.features.includes(name))
      )
    })
    const data = matches.slice(0, limit).map((number) => this.#available(number, country))
    return ok({ ...structuredClone(SEARCH), data, metadata: { total_results: data.length, best_effort_results: 0 } })
  }

  #available(number: StockedNumber, country: string) {
    const row = structuredClone(SEARCH.data[0])
    row.phone_number = number.e164
    row.features = number.features.map((name) => ({ name }))
    row.region_information = [
      ...(number.state ? [{ region_name: number.state, region_type: 'state' }] : []),
      { region_name: country, region_type: 'country_code' },
      ...(number.rateCenter ? [{ region_name: number.rateCenter, region_type: 'rate_center' }] : []),
    ]
    return row
  }

  #order(body: any): Reply {
    if (this.failOrdersWith) return error(this.failOrdersWith, '10007', 'Unexpected error', 'An unexpected error occurred.')
    const wanted: string | undefined = body?.phone_numbers?.[0]?.phone_number
    if (!wanted || !this.stock.has(wanted)) {
      return error(422, '85001', 'Phone number not available', `${wanted ?? 'The number'} is not available for purchase.`)
    }
    this.stock.delete(wanted)
    const now = new Date().toISOString()
    const id = String(randomInt(1, 2 ** 47)) + String(randomInt(1000, 9999))
    this.owned.set(id, { ...structuredClone(PHONE_NUMBER.data), id, phone_number: wanted, status: 'active', purchased_at: now, created_at: now, updated_at: now })
    const order = structuredClone(ORDER.data)
    order.id = randomUUID()
    order.created_at = now
    order.updated_at = now
    order.phone_numbers = [{ ...order.phone_numbers[0], id: randomUUID(), phone_number: wanted }]
    return ok({ data: order })
  }
}

function ok(body: unknown): Reply {
  return { status: 200, body }
}

/** Telnyx's error envelope: `{ errors: [{ code, title, detail }] }`. */
function error(status: number, code: string, title: string, detail: string): Reply {
  return { status, body: { errors: [{ code, title, detail }] } }
}
