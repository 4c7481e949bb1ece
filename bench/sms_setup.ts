/**
 * The population `npm run bench:sms` texts from (see bench/sms.ts): BENCH_BRANDS saas brands
 * (their SMS goes through the platform SMPP binds) with BENCH_USERS_PER_BRAND users each, every
 * user with a text-capable number, a funded wallet and an API token, so settlements spread over
 * many wallet rows as real traffic does.
 */
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import User from '#models/user'
import PhoneNumber from '#models/phone_number'
import Message from '#models/message'
import walletService from '#services/money/wallet_service'
import messageService from '#services/messaging/message_service'
import tenantService from '#services/tenant_service'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { toE164 } from '#services/phone'

export interface SmsSender {
  tenantId: number
  userId: number
  host: string
  token: string
  number: string
}

/** Valid 628 numbers, in order, for the senders. */
function* numbers() {
  for (let n = 3_000_000; ; n++) {
    const e164 = toE164(`+1628${n}`)
    if (e164) yield e164
  }
}

/** Valid 415 destinations (a bulk send takes each recipient once, so it needs many). */
export const DESTINATIONS = (() => {
  const list: string[] = []
  for (let n = 2_000_000; list.length < 2000; n++) {
    const e164 = toE164(`+1415${n}`)
    if (e164) list.push(e164)
  }
  return list
})()

/** Creates the brands and their senders. */
export async function createSenders(brands: number, usersPerBrand: number): Promise<SmsSender[]> {
  const source = numbers()
  const senders: SmsSender[] = []
  for (let b = 0; b < brands; b++) {
    const slug = `sms${b}${randomBytes(2).toString('hex')}`
    const name = `Bench ${slug}`
    const tenant = await tenantService.create(
      { slug, name, config: { branding: { appName: name, companyName: name, legalEntity: `${name} Ltd` }, telephony: { model: 'saas' } } },
      'bench'
    )
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    await runForTenant(tenant, async () => {
      for (let u = 0; u < usersPerBrand; u++) {
        const user = await User.create({ email: `texter${u}@${slug}.test`, password: 'brandline-bench', role: 'user', status: 'active' })
        const number = await PhoneNumber.create({
          userId: user.id, e164: source.next().value!, country: 'US', type: 'local', status: 'active', isPrimary: true,
          monthlyPriceMicros: 2_000_000, provider: 'simulated', voiceEnabled: true, smsEnabled: true, mmsEnabled: true,
        })
        const wallet = await walletService.forUser(user.id, snapshot.config.pricing.currency)
        await walletService.adjust(wallet.id, 1_000_000_000, 'bench funds', null)
        const token = await User.accessTokens.create(user)
        senders.push({ tenantId: tenant.id, userId: user.id, host: `${slug}.localhost`, token: token.value!.release(), number: number.e164 })
      }
    })
  }
  return senders
}

/** Queues `count` messages spread over the senders, due evenly between `from` and `from + spreadMs` (scheduled fire-time bench). */
export async function scheduleSpread(senders: SmsSender[], count: number, from: DateTime, spreadMs: number, concurrency = 8) {
  let next = 0
  const bySender = new Map<SmsSender, number[]>()
  for (let i = 0; i < count; i++) {
    const sender = senders[i % senders.length]
    bySender.set(sender, [...(bySender.get(sender) ?? []), i])
  }
  const work = [...bySender]
  const run = async () => {
    for (;;) {
      const item = work[next++]
      if (!item) return
      const [sender, indexes] = item
      const snapshot = (await tenancy.resolver.snapshot(sender.tenantId))!
      await runForTenant(snapshot, async () => {
        const drafts = []
        for (const i of indexes) {
          const sendAt = from.plus({ milliseconds: Math.floor((i * spreadMs) / count) }).toUTC().toISO({ includeOffset: false })!
          drafts.push(await messageService.prepare(snapshot, sender.userId, { to: DESTINATIONS[i % DESTINATIONS.length], body: `Scheduled ${i}`, sendAt, timeZone: 'UTC' }))
        }
        await messageService.queue(sender.userId, drafts)
      })
    }
  }
  await Promise.all(Array.from({ length: concurrency }, run))
}

/** Sends one message in this process (used when the HTTP route is not there). */
export async function sendInProcess(sender: SmsSender, to: string, body: string) {
  const snapshot = (await tenancy.resolver.snapshot(sender.tenantId))!
  return runForTenant(snapshot, () => messageService.send(snapshot, sender.userId, { to, body }))
}

export { Message }
