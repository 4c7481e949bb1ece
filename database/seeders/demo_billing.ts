import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/tenant'
import User from '#models/user'
import walletService from '#services/money/wallet_service'
import invoiceService from '#services/invoices/invoice_service'
import { previousPeriod, periodBounds } from '#services/invoices/statement_service'
import { dbTime } from '#services/db_time'
import tenancy from '#tenants/main'
import { acrossAllTenants, runForTenant } from '#tenants/context'
import type { LedgerCategory } from '#models/ledger_entry'

interface PastMovement {
  day: number
  hour: number
  kind: 'credit' | 'debit'
  category: LedgerCategory
  micros: number
  costMicros?: number
  description: string
}

/** Last month for each demo end user: a top-up and some use, so the portal has a statement to show. */
const LAST_MONTH: { brand: string; email: string; movements: PastMovement[] }[] = [
  {
    brand: 'acme',
    email: 'ann@acme.test',
    movements: [
      { day: 2, hour: 9, kind: 'credit', category: 'recharge', micros: 20_000_000, description: 'Card top-up' },
      { day: 6, hour: 14, kind: 'debit', category: 'call', micros: 180_000, costMicros: 96_000, description: 'Call to +1 415 555 0188, 12 min' },
      { day: 11, hour: 10, kind: 'debit', category: 'sms', micros: 30_000, costMicros: 12_000, description: 'SMS to +1 415 555 0142, 3 segments' },
      { day: 19, hour: 16, kind: 'debit', category: 'call', micros: 900_000, costMicros: 480_000, description: 'Call to +44 20 7946 0958, 30 min' },
    ],
  },
  {
    brand: 'globex',
    email: 'gus@globex.test',
    movements: [
      { day: 3, hour: 8, kind: 'credit', category: 'recharge', micros: 15_000_000, description: 'Card top-up' },
      { day: 14, hour: 11, kind: 'debit', category: 'call', micros: 450_000, costMicros: 240_000, description: 'Call to +49 30 901820, 15 min' },
    ],
  },
]

/**
 * Gives the demo end users a past: last month's movements, written through WalletService
 * like any other and then dated into last month (only this seeder dates ledger rows, and only
 * the ones it has just written, oldest first, before anything else touches those wallets),
 * followed by last month's invoice. Run it before anything else writes to the demo wallets.
 */
export async function seedDemoBilling(now = DateTime.utc()) {
  const period = previousPeriod(now)
  const { start } = periodBounds(period)
  for (const story of LAST_MONTH) {
    const tenant = await acrossAllTenants('demo billing', () => Tenant.findByOrFail('slug', story.brand))
    const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
    await runForTenant(tenant, async () => {
      const user = await User.findByOrFail('email', story.email)
      const wallet = await walletService.forUser(user.id, snapshot.config.pricing.currency)
      await db.from('wallets').where('id', wallet.id).update({ created_at: dbTime(start) })
      for (const move of story.movements) {
        const movement = { amountMicros: move.micros, category: move.category, description: move.description, costMicros: move.costMicros }
        const entry = move.kind === 'credit' ? await walletService.credit(wallet.id, movement) : await walletService.debit(wallet.id, movement)
        const when = start.plus({ days: move.day - 1, hours: move.hour })
        await db.from('ledger_entries').where('id', entry.id).update({ created_at: dbTime(when) })
      }
      await invoiceService.issue(snapshot, wallet, period)
    })
  }
}
