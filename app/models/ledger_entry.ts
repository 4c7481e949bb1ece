import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export const LEDGER_KINDS = ['credit', 'debit', 'refund', 'hold', 'release', 'adjustment'] as const
export type LedgerKind = (typeof LEDGER_KINDS)[number]

export const LEDGER_CATEGORIES = [
  'recharge',
  'call',
  'sms',
  'mms',
  'number_purchase',
  'number_renewal',
  'porting',
  'adjustment',
] as const
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number]

/**
 * One line of a wallet's append-only ledger. `amountMicros` is the signed change to the
 * balance and `heldDeltaMicros` the signed change to holds; the `*After` columns are the
 * wallet as this entry left it.
 */
export default class LedgerEntry extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true, consume: Number })
  declare id: number

  @column()
  declare walletId: number

  @column()
  declare userId: number

  @column()
  declare kind: LedgerKind

  @column()
  declare category: LedgerCategory

  @column(bigintColumn)
  declare amountMicros: number

  @column(bigintColumn)
  declare heldDeltaMicros: number

  @column(bigintColumn)
  declare balanceAfterMicros: number

  @column(bigintColumn)
  declare heldAfterMicros: number

  @column(bigintColumn)
  declare costMicros: number | null

  @column()
  declare currency: string

  @column()
  declare holdId: number | null

  @column()
  declare referenceType: string | null

  @column()
  declare referenceId: string | null

  @column()
  declare description: string | null

  @column()
  declare actorId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
