/**
 * The population `npm run bench:calls` routes calls for (see bench/calls.ts): users of the demo
 * brand acme, each with a primary number, a SIP device (most of them registered), a funded
 * wallet and one of the call rule types on the number. A few "hot" users get wallets that cover
 * only a few calls, so concurrent decisions fight over one wallet and many are refused 402.
 */
import { DateTime } from 'luxon'
import Tenant from '#models/tenant'
import User from '#models/user'
import PhoneNumber from '#models/phone_number'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import CallRule from '#models/call_rule'
import walletService from '#services/money/wallet_service'
import { toE164 } from '#services/phone'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import { sipDomainOf } from '#telephony/sip_domain'

export interface BenchUser {
  tenantId: number
  username: string
  domain: string
  number: string
  hot: boolean
}

const RULES = ['none', 'forward_no_answer', 'dnd', 'schedule', 'forward_busy', 'forward_unreachable'] as const
const OFFICE_HOURS = { timezone: 'America/New_York', hours: { '1': ['09:00-17:00'], '2': ['09:00-17:00'], '3': ['09:00-17:00'], '4': ['09:00-17:00'], '5': ['09:00-17:00'] }, holidays: [] }

/** Valid 415 numbers, in order, for the bench users. */
function* numbers() {
  for (let n = 2_000_000; ; n++) {
    const e164 = toE164(`+1415${n}`)
    if (e164) yield e164
  }
}

/** Creates `count` users (the first `hot` of them with small wallets); returns what requests need. */
export async function createBenchUsers(count: number, hot: number): Promise<BenchUser[]> {
  const tenant = await acrossAllTenants('bench setup', () => Tenant.findByOrFail('slug', 'acme'))
  const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
  const domain = sipDomainOf(snapshot)
  const source = numbers()
  const users: BenchUser[] = []
  await runForTenant(tenant, async () => {
    for (let i = 0; i < count; i++) {
      const isHot = i < hot
      const user = await User.create({ email: `bench${i}@acme.test`, password: 'brandline-bench', role: 'user', status: 'active' })
      const e164 = source.next().value!
      const number = await PhoneNumber.create({
        userId: user.id, e164, country: 'US', type: 'local', status: 'active', isPrimary: true, monthlyPriceMicros: 2_000_000,
        provider: 'simulated', voiceEnabled: true, smsEnabled: true,
      })
      const username = `bench${i}`
      const device = await SipDevice.create({ userId: user.id, name: 'Bench phone', kind: 'desk_phone', username, sipDomain: domain, ha1: '0'.repeat(32), ha1b: '0'.repeat(32), status: 'active' })
      if (i % 5 !== 4) {
        await SipRegistration.create({ deviceId: device.id, contact: `sip:${username}@127.0.0.1:5070`, expiresAt: DateTime.now().plus({ hours: 2 }) })
      }
      const wallet = await walletService.forUser(user.id, snapshot.config.pricing.currency)
      await walletService.adjust(wallet.id, isHot ? 500_000 : 1_000_000_000, 'bench funds', null)
      const rule = RULES[i % RULES.length]
      if (rule !== 'none') {
        await CallRule.create({
          userId: user.id, phoneNumberId: number.id, type: rule, priority: 10, enabled: true,
          target: rule === 'dnd' || rule === 'schedule' ? null : '+12125550100',
          timeoutSeconds: rule === 'forward_no_answer' ? 20 : null,
          schedule: rule === 'schedule' ? OFFICE_HOURS : null,
        })
      }
      users.push({ tenantId: tenant.id, username, domain, number: e164, hot: isHot })
    }
  })
  return users
}
