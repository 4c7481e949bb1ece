import hash from '@adonisjs/core/services/hash'
import Tenant from '#models/tenant'
import User from '#models/user'
import PlatformUser from '#models/platform_user'
import tenantService from '#services/tenant_service'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { seedDemoWallets } from '#database/seeders/demo_wallets'
import { seedDemoBilling } from '#database/seeders/demo_billing'
import { seedWholesale } from '#database/seeders/demo_rates'
import { seedDemoVoice } from '#database/seeders/demo_voice'
import { seedDemoMessages } from '#database/seeders/demo_messages'

/** Every demo login uses this password. */
export const DEMO_PASSWORD = 'brandline-demo'

/** The two demo brands and the platform operator, as a newcomer meets them. */
export const DEMO_BRANDS = [
  {
    slug: 'acme',
    name: 'Acme Voice',
    verifiedDomains: ['voice.acme.test'],
    users: [
      { email: 'admin@acme.test', fullName: 'Ada Admin', role: 'owner' as const },
      { email: 'ann@acme.test', fullName: 'Ann Example', role: 'user' as const },
    ],
    config: {
      theme: 'classic',
      branding: {
        appName: 'Acme Voice',
        companyName: 'Acme Voice',
        legalEntity: 'Acme Voice Ltd',
        logoUrl: '/demo/acme-logo.svg',
        colors: { primary: '#e4572e', secondary: '#17324d' },
        poweredBy: true,
      },
      content: { tagline: 'Business phone numbers in minutes, from anywhere.' },
      support: { email: 'help@acme.test', phone: '+1 555 0100' },
      /** The quickstart takes no real money: the test gateway only (Stripe and PayPal need the brand's own keys). */
      payments: { gateways: { stripe: { enabled: false }, paypal: { enabled: false }, fake: { enabled: true } } },
    },
  },
  {
    slug: 'globex',
    name: 'Globex Telecom',
    verifiedDomains: [],
    users: [
      { email: 'admin@globex.test', fullName: 'Gina Globex', role: 'owner' as const },
      { email: 'gus@globex.test', fullName: 'Gus Example', role: 'user' as const },
    ],
    config: {
      theme: 'midnight',
      branding: {
        appName: 'Globex Telecom',
        companyName: 'Globex Telecom',
        legalEntity: 'Globex Telecom Inc.',
        logoUrl: '/demo/globex-logo.svg',
        colors: { primary: '#8b5cf6' },
      },
      content: { tagline: 'Global numbers. Local rates. Zero nonsense.' },
      features: { sms: false, mms: false, scheduled_sms: false },
      /** Globex sells in euros to Europe: its own call rates, a 60/1 billing and a 40 % markup elsewhere. */
      pricing: {
        currency: 'EUR',
        markupBasisPoints: 4000,
        billing: { firstIncrementSeconds: 60, nextIncrementSeconds: 1, minimumSeconds: 0, connectionFeeMicros: 0 },
        voice: [
          { prefix: '49', description: 'Germany', perMinuteMicros: 12_000, effectiveFrom: null },
          { prefix: '4915', description: 'Germany mobile', perMinuteMicros: 45_000, effectiveFrom: null },
          { prefix: '4916', description: 'Germany mobile', perMinuteMicros: 45_000, effectiveFrom: null },
          { prefix: '4917', description: 'Germany mobile', perMinuteMicros: 45_000, effectiveFrom: null },
          { prefix: '33', description: 'France', perMinuteMicros: 14_000, effectiveFrom: null },
          { prefix: '336', description: 'France mobile', perMinuteMicros: 40_000, effectiveFrom: null },
          { prefix: '337', description: 'France mobile', perMinuteMicros: 40_000, effectiveFrom: null },
          { prefix: '44', description: 'United Kingdom', perMinuteMicros: 12_000, effectiveFrom: null },
          { prefix: '447', description: 'United Kingdom mobile', perMinuteMicros: 25_000, effectiveFrom: null },
        ],
        numbers: [
          { country: 'DE', type: 'local', setupMicros: 1_000_000, monthlyMicros: 2_500_000 },
          { country: 'DE', type: 'mobile', setupMicros: 1_000_000, monthlyMicros: 4_000_000 },
          { country: 'GB', type: 'local', setupMicros: 0, monthlyMicros: 2_000_000 },
        ],
        messaging: { smsPerSegmentMicros: null, mmsPerMessageMicros: null },
      },
      payments: { gateways: { fake: { enabled: true } } },
      regions: ['DE', 'FR', 'GB'],
      support: { email: 'support@globex.test' },
    },
  },
]

export const DEMO_OPERATOR = { email: 'root@brandline.test', fullName: 'Platform Root' }

/** Seeds the demo when the database has no tenant yet; returns false when it left things alone. */
export async function seedDemo() {
  const existing = await acrossAllTenants('demo check', () => Tenant.query().first())
  if (existing) return false
  const password = await hash.make(DEMO_PASSWORD)
  for (const brand of DEMO_BRANDS) {
    const tenant = await tenantService.create(
      { slug: brand.slug, name: brand.name, config: brand.config, verifiedDomains: brand.verifiedDomains },
      'demo seeder'
    )
    await runForTenant(tenant, async () => {
      for (const user of brand.users) {
        /** Insert the pre-computed hash directly: hashing once keeps seeding fast. */
        const row = new User().merge({ ...user, status: 'active' as const })
        row.password = password
        await row.saveQuietly()
      }
    })
  }
  /** The platform's wholesale decks and number costs (USD, EUR), which every quote is rated against. */
  await seedWholesale()
  /** Last month's statement first: it dates its own ledger rows, so it must write before anything else. */
  await seedDemoBilling()
  await seedDemoWallets()
  /** A device, a forwarding rule, recent calls and a voicemail for each demo end user. */
  await seedDemoVoice()
  /** A text conversation with delivery receipts for Ann (Acme); Globex has SMS switched off. */
  await seedDemoMessages()
  const operator = new PlatformUser().merge(DEMO_OPERATOR)
  operator.password = password
  await operator.saveQuietly()
  return true
}
