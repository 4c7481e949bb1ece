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

/**
 * Each demo end user already holds one number, bought at their brand's price (rated like any
 * purchase), so calls, renewals and invoices have something to show.
 */
const DEMO_NUMBERS = [
  { brand: 'acme', email: 'ann@acme.test', e164: '+14155550123', country: 'US', type: 'local' as const, region: 'CA', locality: 'San Francisco', mms: true },
  { brand: 'globex', email: 'gus@globex.test', e164: '+493012345678', country: 'DE', type: 'local' as const, region: 'BE', locality: 'Berlin', mms: false },
]

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
  for (const number of DEMO_NUMBERS) await seedDemoNumber(number)
}

async function seedDemoNumber(demo: (typeof DEMO_NUMBERS)[number]) {
  const tenant = await acrossAllTenants('demo number', () => Tenant.findByOrFail('slug', demo.brand))
  const snapshot = await tenancy.resolver.snapshot(tenant.id)
  const quote = await rating.quoteNumber(snapshot!, { country: demo.country, type: demo.type })
  await runForTenant(tenant, async () => {
    const user = await User.findByOrFail('email', demo.email)
    const wallet = await walletService.forUser(user.id, snapshot!.config.pricing.currency)
    const number = await PhoneNumber.create({
      userId: user.id,
      e164: demo.e164,
      country: demo.country,
      type: demo.type,
      status: 'active',
      isPrimary: true,
      provider: 'simulated',
      providerRef: `sim-${demo.e164.slice(1)}`,
      region: demo.region,
      locality: demo.locality,
      voiceEnabled: true,
      smsEnabled: true,
      mmsEnabled: demo.mms,
      setupPriceMicros: quote.setupPriceMicros,
      monthlyPriceMicros: quote.monthlyPriceMicros,
      monthlyCostMicros: quote.monthlyCostMicros,
      purchasedAt: DateTime.now(),
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
