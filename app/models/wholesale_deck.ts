import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type DeckStatus = 'importing' | 'active' | 'archived'

/** A wholesale rate deck of the platform (no tenant): one active deck per currency. */
export default class WholesaleDeck extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare currency: string

  @column()
  declare name: string

  @column()
  declare status: DeckStatus

  @column({ consume: (value) => Number(value) })
  declare rowCount: number

  @column()
  declare firstIncrementSeconds: number

  @column()
  declare nextIncrementSeconds: number

  @column()
  declare createdBy: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare activatedAt: DateTime | null

  /** The increments as people write them: "6/6". */
  get increments() {
    return `${this.firstIncrementSeconds}/${this.nextIncrementSeconds}`
  }
}
