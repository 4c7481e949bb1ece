import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'
import type { LedgerCategory } from '#models/ledger_entry'

/** One category's share of a statement; credits and debits are both non-negative. */
export interface CategoryTotal {
  count: number
  creditsMicros: number
  debitsMicros: number
}

export type CategoryTotals = Partial<Record<LedgerCategory, CategoryTotal>>

/** Who issued the invoice, as the brand stood when it was issued. */
export interface InvoiceIssuer {
  appName: string
  companyName: string
  legalEntity: string
  support: { email: string | null; phone: string | null; url: string | null }
}

export interface InvoiceCustomer {
  email: string
  fullName: string | null
}

const json = {
  prepare: (value: unknown) => JSON.stringify(value),
  consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
}

/** A user's monthly statement: figures frozen from the ledger of a closed month. */
export default class Invoice extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare walletId: number

  /** `YYYY-MM`, in UTC. */
  @column()
  declare period: string

  @column()
  declare number: string

  @column()
  declare sequence: number

  @column()
  declare currency: string

  @column(bigintColumn)
  declare openingBalanceMicros: number

  @column(bigintColumn)
  declare creditsMicros: number

  @column(bigintColumn)
  declare debitsMicros: number

  @column(bigintColumn)
  declare closingBalanceMicros: number

  @column(json)
  declare totals: CategoryTotals

  @column(json)
  declare issuer: InvoiceIssuer

  @column(json)
  declare customer: InvoiceCustomer

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
