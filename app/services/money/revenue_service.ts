import { DateTime } from 'luxon'
import { dbTime } from '#services/db_time'
import db from '@adonisjs/lucid/services/db'
import LedgerEntry from '#models/ledger_entry'
import Tenant from '#models/tenant'
import { acrossAllTenants } from '#tenants/context'

/** What was sold: usage, numbers and porting. Recharges and adjustments are not revenue. */
const SOLD = ['call', 'sms', 'mms', 'number_purchase', 'number_renewal', 'porting']

export interface RevenueRow {
  month: string
  category: string
  currency: string
  count: number
  /** Retail: what customers paid, less refunds of those charges. */
  revenueMicros: number
  /** Wholesale: what the platform charges the brand for the same usage. */
  costMicros: number
  marginMicros: number
}

function monthExpression() {
  const dialect = db.connection().dialect.name
  return dialect === 'mysql' ? "DATE_FORMAT(created_at, '%Y-%m')" : "strftime('%Y-%m', created_at)"
}

function toRow(raw: Record<string, any>): RevenueRow {
  const revenue = -Number(raw.net ?? 0)
  const cost = Number(raw.cost ?? 0)
  return {
    month: raw.month,
    category: raw.category,
    currency: raw.currency,
    count: Number(raw.charges ?? 0),
    revenueMicros: revenue,
    costMicros: cost,
    marginMicros: revenue - cost,
  }
}

/** Revenue, cost and margin by month and category, from the ledger (exact, integer sums). */
export class RevenueService {
  /** One brand's report; runs inside that brand's tenant scope. */
  async forTenant(from: DateTime, to: DateTime): Promise<RevenueRow[]> {
    const rows = await this.#aggregate(from, to)
      .select(db.raw(`${monthExpression()} as month`), 'category', 'currency')
      .groupByRaw(`${monthExpression()}, category, currency`)
      .orderByRaw(`${monthExpression()} desc, category`)
      .pojo<Record<string, any>>()
    return rows.map(toRow)
  }

  /** The platform's view: every brand's revenue, its wholesale cost and the brand's margin. */
  async perTenant(from: DateTime, to: DateTime) {
    return acrossAllTenants('platform revenue report', async () => {
      const rows = await this.#aggregate(from, to)
        .select('tenant_id', 'currency')
        .groupBy('tenant_id', 'currency')
        .pojo<Record<string, any>>()
      const tenants = await Tenant.query().select('id', 'name', 'slug')
      const names = new Map(tenants.map((t) => [t.id, t]))
      return rows.map((row) => {
        const revenue = -Number(row.net ?? 0)
        const cost = Number(row.cost ?? 0)
        const tenant = names.get(row.tenant_id)
        return {
          tenantId: row.tenant_id as number,
          tenant: tenant?.name ?? `#${row.tenant_id}`,
          slug: tenant?.slug ?? null,
          currency: row.currency as string,
          count: Number(row.charges ?? 0),
          revenueMicros: revenue,
          costMicros: cost,
          marginMicros: revenue - cost,
        }
      })
    })
  }

  #aggregate(from: DateTime, to: DateTime) {
    return LedgerEntry.query()
      .whereIn('category', SOLD)
      .whereIn('kind', ['debit', 'refund'])
      .where('created_at', '>=', dbTime(from))
      .where('created_at', '<', dbTime(to))
      .select(db.raw("SUM(CASE WHEN kind = 'debit' THEN 1 ELSE 0 END) as charges"))
      .sum('amount_micros as net')
      .select(db.raw("SUM(CASE WHEN kind = 'debit' THEN COALESCE(cost_micros, 0) ELSE 0 END) as cost"))
  }
}

const revenue = new RevenueService()
export default revenue
