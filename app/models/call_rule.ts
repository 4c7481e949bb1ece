import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'

export const RULE_TYPES = [
  'forward_always',
  'dnd',
  'schedule',
  'forward_busy',
  'forward_unreachable',
  'forward_no_answer',
] as const
export type RuleType = (typeof RULE_TYPES)[number]

/**
 * When a `schedule` rule matches: inside business hours in its time zone, calls ring as usual;
 * outside them (or on a holiday) they go to `target`, or to voicemail when target is null.
 */
export interface RuleSchedule {
  timezone: string
  /** ISO weekday (1 = Monday) -> list of open intervals "HH:mm-HH:mm". */
  hours: Record<string, string[]>
  /** Dates (YYYY-MM-DD, in the schedule's time zone) that count as closed all day. */
  holidays: string[]
}

/** One rule on a number; lower priority numbers are tried first. */
export default class CallRule extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare phoneNumberId: number

  @column()
  declare type: RuleType

  @column()
  declare priority: number

  @column({ consume: Boolean })
  declare enabled: boolean

  @column()
  declare target: string | null

  @column()
  declare timeoutSeconds: number | null

  @column({
    prepare: (value: unknown) => (value == null ? null : JSON.stringify(value)),
    consume: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : (value ?? null)),
  })
  declare schedule: RuleSchedule | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
