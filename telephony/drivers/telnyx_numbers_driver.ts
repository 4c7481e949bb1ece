import {
  CAPABILITIES,
  NumberUnavailableError,
  type AvailableNumber,
  type Capability,
  type NumberProvider,
  type NumberSearch,
  type NumberType,
  type OrderedNumber,
} from '#telephony/types'
import { NumberProviderUnavailableError } from '#telephony/numbers/errors'
import { vanityDigits } from '#telephony/numbers/vanity'
import { typeOfE164 } from '#services/phone'

export interface TelnyxOptions {
  apiKey: string
  /** https://api.telnyx.com, or a local stand-in. */
  baseUrl: string
  timeoutMs?: number
}

interface TelnyxRegion {
  region_name: string
  region_type: string
}

interface TelnyxAvailable {
  phone_number: string
  features?: { name: string }[]
  region_information?: TelnyxRegion[]
}

/**
 * Numbers from Telnyx's v2 API: search (GET /v2/available_phone_numbers with filter[...]),
 * order (POST /v2/number_orders) and release (find the number's id with GET /v2/phone_numbers,
 * then DELETE /v2/phone_numbers/{id}). Refusals of an order become NumberUnavailableError;
 * outages, timeouts and 5xx answers become a 502 that says nothing was bought.
 */
export class TelnyxNumbersDriver implements NumberProvider {
  readonly name = 'telnyx'

  constructor(private options: TelnyxOptions) {}

  /** Telnyx's filters, one for one; results it marks best-effort (near misses) are left out. */
  async search(query: NumberSearch): Promise<AvailableNumber[]> {
    const params = new URLSearchParams({ 'filter[country_code]': query.country.toUpperCase() })
    if (query.type) params.set('filter[phone_number_type]', query.type)
    if (query.areaCode) params.set('filter[national_destination_code]', query.areaCode)
    if (query.region) params.set('filter[administrative_area]', query.region)
    for (const capability of query.capabilities ?? []) params.append('filter[features][]', capability)
    const contains = query.contains ? vanityDigits(query.contains) : null
    if (contains) params.set('filter[phone_number][contains]', contains)
    if (query.limit) params.set('filter[limit]', String(query.limit))
    const { body } = await this.#request('GET', `/v2/available_phone_numbers?${params}`)
    const rows: (TelnyxAvailable & { best_effort?: boolean })[] = Array.isArray(body?.data) ? body.data : []
    return rows.filter((row) => !row.best_effort).map((row) => this.#offer(row, query))
  }

  /** One number per order; a number Telnyx will not sell (gone, not reservable) is unavailable. */
  async order(e164: string): Promise<OrderedNumber> {
    const { status, body } = await this.#request('POST', '/v2/number_orders', { phone_numbers: [{ phone_number: e164 }] }, [404, 422])
    const order = body?.data
    const line = order?.phone_numbers?.find((row: any) => row.phone_number === e164)
    if (status !== 200 || !line || order.status === 'failure' || line.status === 'failure') throw new NumberUnavailableError(e164)
    return { e164, providerRef: String(order.id) }
  }

  /** Deletes the number from the account; one Telnyx no longer lists is already released. */
  async release(number: OrderedNumber): Promise<void> {
    const params = new URLSearchParams({ 'filter[phone_number]': number.e164 })
    const { body } = await this.#request('GET', `/v2/phone_numbers?${params}`)
    const found = (Array.isArray(body?.data) ? body.data : []).find((row: any) => row.phone_number === number.e164)
    if (!found) return
    await this.#request('DELETE', `/v2/phone_numbers/${encodeURIComponent(found.id)}`, undefined, [404])
  }

  #offer(row: TelnyxAvailable, query: NumberSearch): AvailableNumber {
    const regions = row.region_information ?? []
    const named = (type: string) => regions.find((r) => r.region_type === type)?.region_name ?? null
    const features = new Set((row.features ?? []).map((f) => f.name))
    const capabilities = Object.fromEntries(CAPABILITIES.map((c) => [c, features.has(c)])) as Record<Capability, boolean>
    return {
      e164: row.phone_number,
      country: named('country_code') ?? query.country.toUpperCase(),
      type: query.type ?? typeOf(row.phone_number),
      region: named('state') ?? named('administrative_area'),
      locality: named('location') ?? named('rate_center'),
      capabilities,
      provider: this.name,
    }
  }

  /** Sends one request; `accepted` lists error statuses the caller interprets itself. */
  async #request(method: string, path: string, payload?: unknown, accepted: number[] = []) {
    let response: Response
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          'Authorization': `Bearer ${this.options.apiKey}`,
          'Accept': 'application/json',
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
        },
        body: payload ? JSON.stringify(payload) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      })
    } catch (error) {
      throw new NumberProviderUnavailableError(this.name, (error as Error).message)
    }
    const body = await response.json().catch(() => null)
    if (response.ok || accepted.includes(response.status)) return { status: response.status, body }
    const detail = body?.errors?.[0]?.detail ?? body?.errors?.[0]?.title ?? response.statusText
    throw new NumberProviderUnavailableError(this.name, `${method} ${path.split('?')[0]} answered ${response.status}: ${detail}`)
  }
}

function typeOf(e164: string): NumberType {
  const type = typeOfE164(e164)
  return type === 'TOLL_FREE' ? 'toll_free' : type === 'MOBILE' ? 'mobile' : 'local'
}
