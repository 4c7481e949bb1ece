import { DateTime } from 'luxon'
import Tenant from '#models/tenant'
import User from '#models/user'
import PhoneNumber from '#models/phone_number'
import walletService from '#services/money/wallet_service'
import rating from '#services/rating/rating_service'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'

/** What each demo end user starts with, as a welcome credit on the ledger (not a magic balance). */
const STARTING_CREDIT = [
  { brand: 'acme', email: 'ann@acme.test', micros: 25_000_000 },
  { brand: 'globex', email: 'gus@globex.test', micros: 20_000_000 },
]

/** Ann already holds one number, bought at Acme's price (rated like any purchase), so renewals and invoices have something to show. */
const DEMO_NUMBER = { brand: 'acme', email: 'ann@acme.test', e164: '+14155550123', country: 'US', type: 'local' as const }

export async function seedDemoWallets() {
  for (const credit of STARTING_CREDIT) {
    const tenant = await acrossAllTenants('demo wallets', () => Tenant.findByOrFail('slug', credit.brand))
    const snapshot = await tenancy.resolver.snapshot(tenant.id)
    await runForTenant(tenant, async () => {
      const user = await User.findByOrFail('email', credit.email)
      const wallet = await walletService.forUser(user.id, snapshot!.config.pricing.currency)
      await walletService.adjust(wallet.id, credit.micros, 'Welcome credit', null)
    })
  }
  await seedDemoNumber()
}

async function seedDemoNumber() {
  const tenant = await acrossAllTenants('demo number', () => Tenant.findByOrFail('slug', DEMO_NUMBER.brand))
  const snapshot = await tenancy.resolver.snapshot(tenant.id)
  const quote = await rating.quoteNumber(snapshot!, { country: DEMO_NUMBER.country, type: DEMO_NUMBER.type })
  await runForTenant(tenant, async () => {
    const user = await User.findByOrFail('email', DEMO_NUMBER.email)
    const wallet = await walletService.forUser(user.id, snapshot!.config.pricing.currency)
    const number = await PhoneNumber.create({
      userId: user.id,
      e164: DEMO_NUMBER.e164,
      country: DEMO_NUMBER.country,
      type: DEMO_NUMBER.type,
      status: 'active',
      isPrimary: true,
      monthlyPriceMicros: quote.monthlyPriceMicros,
      monthlyCostMicros: quote.monthlyCostMicros,
      renewsAt: DateTime.now().plus({ months: 1 }).startOf('day'),
    })
    await walletService.debit(wallet.id, {
      amountMicros: quote.monthlyPriceMicros + quote.setupPriceMicros,
      costMicros: quote.monthlyCostMicros + quote.setupCostMicros,
      category: 'number_purchase',
      reference: { type: 'phone_number', id: number.id },
      description: `Number ${number.e164}, first month`,
    })
  })
}
