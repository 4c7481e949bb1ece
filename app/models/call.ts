import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export const CALL_STATUSES = ['ringing', 'answered', 'completed', 'no_answer', 'busy', 'failed', 'rejected', 'cancelled'] as const
export type CallStatus = (typeof CALL_STATUSES)[number]
/** Statuses a call can leave; the others are final. */
export const LIVE_CALL_STATUSES: CallStatus[] = ['ringing', 'answered']
export type CallRoute = 'device' | 'forward' | 'voicemail' | 'pstn' | 'trunk' | 'reject'
export type CallSwitch = 'simulated' | 'freeswitch' | 'kamailio'

/** A call leg: live state while it runs, the CDR once it has ended. */
export default class Call extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  /** The id the switches know the call by (FreeSWITCH's origination uuid, Kamailio's header). */
  @column()
  declare uuid: string

  @column()
  declare userId: number | null

  @column()
  declare direction: 'outbound' | 'inbound'

  @column()
  declare status: CallStatus

  @column()
  declare fromNumber: string

  @column()
  declare toNumber: string

  @column()
  declare callerId: string | null

  @column()
  declare phoneNumberId: number | null

  @column()
  declare deviceId: number | null

  @column()
  declare route: CallRoute | null

  @column()
  declare forwardedTo: string | null

  @column()
  declare switch: CallSwitch

  @column()
  declare switchRef: string | null

  @column()
  declare sipCode: number | null

  @column()
  declare hangupCause: string | null

  @column()
  declare reason: string | null

  @column()
  declare walletId: number | null

  @column()
  declare holdId: number | null

  @column()
  declare coveredSeconds: number

  @column()
  declare ratePrefix: string | null

  @column(bigintColumn)
  declare ratePerMinuteMicros: number | null

  @column()
  declare durationSeconds: number | null

  @column()
  declare billableSeconds: number | null

  @column(bigintColumn)
  declare priceMicros: number | null

  @column(bigintColumn)
  declare costMicros: number | null

  @column(bigintColumn)
  declare chargedMicros: number | null

  @column(bigintColumn)
  declare uncollectedMicros: number | null

  @column()
  declare currency: string | null

  @column.dateTime()
  declare startedAt: DateTime

  @column.dateTime()
  declare answeredAt: DateTime | null

  @column.dateTime()
  declare endedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isLive() {
    return LIVE_CALL_STATUSES.includes(this.status)
  }
}
