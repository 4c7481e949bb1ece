import type Tenant from '#models/tenant'
import PhoneNumber from '#models/phone_number'
import { SimulatedNumbersDriver } from '#telephony/drivers/simulated_numbers_driver'
import { NumberUnavailableError, type NumberProvider, type NumberSearch, type OrderedNumber } from '#telephony/types'
import { holdersOf } from '#services/numbers/number_offers'
import { runForTenant } from '#tenants/context'
import tenancy from '#tenants/main'
import walletService from '#services/money/wallet_service'
import purchases from '#services/numbers/purchase_service'

export const USD = (dollars: number) => Math.round(dollars * 1_000_000)

/** Numbers of the simulated stock nobody holds or has reserved yet (tests share one database). */
export async function freeNumbers(query: NumberSearch, count = 1) {
  const offers = await new SimulatedNumbersDriver().search({ ...query, limit: 100 })
  const holders = await holdersOf(offers.map((offer) => offer.e164))
  const free = offers.filter((offer) => !holders.sold.has(offer.e164) && !holders.reserved.has(offer.e164))
  if (free.length < count) throw new Error(`only ${free.length} free numbers for ${JSON.stringify(query)}`)
  return free.slice(0, count)
}

/** The simulated provider with a record of what was ordered and released, that can be told to refuse orders. */
export class SpyProvider implements NumberProvider {
  readonly name = 'simulated'
  readonly #inner = new SimulatedNumbersDriver()
  orders: string[] = []
  releases: OrderedNumber[] = []
  /** Orders throw this while set. */
  failOrders: Error | null = null

  search(query: NumberSearch) {
    return this.#inner.search(query)
  }

  async order(e164: string) {
    this.orders.push(e164)
    if (this.failOrders) throw this.failOrders
    return this.#inner.order(e164)
  }

  async release(number: OrderedNumber) {
    this.releases.push(number)
  }
}

export const unavailable = (e164: string) => new NumberUnavailableError(e164)

/** A brand's number rows as the database has them. */
export function numbersOf(tenant: Tenant, userId?: number) {
  return runForTenant(tenant, () => {
    const query = PhoneNumber.query().orderBy('id', 'asc')
    if (userId) query.where('user_id', userId)
    return query
  })
}

/** Buys a number over the API. */
export function purchase(client: any, host: string, token: string, e164: string, key = `buy-${e164}-${Math.random()}`) {
  return client.post('/api/v1/numbers/purchase').header('host', host).header('Idempotency-Key', key).bearerToken(token).json({ e164 })
}

/** A number bought for `user` through the purchase service (the wallet is topped up for it first). */
export async function giveNumber(tenant: Tenant, user: { id: number }, query: NumberSearch = { country: 'US', type: 'toll_free' }) {
  const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
  const [offer] = await freeNumbers(query)
  await runForTenant(tenant, async () => {
    const wallet = await walletService.forUser(user.id, snapshot.config.pricing.currency)
    await walletService.adjust(wallet.id, USD(10), 'test funds for a number', null)
  })
  return purchases.purchase(snapshot, user.id, offer.e164)
}
