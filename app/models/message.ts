import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { TenantScoped } from '#tenants/scoped'
import { bigintColumn } from '#models/wallet'

export const MESSAGE_STATUSES = ['scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'received'] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]
/** Statuses a message does not leave. */
export const FINAL_MESSAGE_STATUSES: MessageStatus[] = ['delivered', 'failed', 'expired', 'cancelled', 'received']
/** Statuses of messages the outbox still has to submit. */
export const PENDING_MESSAGE_STATUSES: MessageStatus[] = ['scheduled', 'queued', 'sending']
export type MessageKind = 'sms' | 'mms'
export type MessageDirection = 'outbound' | 'inbound'

/** One SMS or MMS, either way; an outbound one is also its own outbox entry. */
export default class Message extends compose(BaseModel, TenantScoped) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare phoneNumberId: number | null

  /** Our stable reference, sent with every submission. */
  @column()
  declare ref: string

  @column()
  declare direction: MessageDirection

  @column()
  declare kind: MessageKind

  @column()
  declare fromNumber: string

  @column()
  declare toNumber: string

  @column()
  declare contact: string

  @column()
  declare body: string

  @column()
  declare encoding: string

  @column()
  declare segments: number

  @column()
  declare mediaCount: number

  @column()
  declare status: MessageStatus

  @column.dateTime()
  declare dueAt: DateTime | null

  @column.dateTime()
  declare scheduledFor: DateTime | null

  @column()
  declare timeZone: string | null

  @column()
  declare attempts: number

  @column({ serializeAs: null })
  declare claimedBy: string | null

  @column.dateTime({ serializeAs: null })
  declare claimExpiresAt: DateTime | null

  @column({ serializeAs: null })
  declare holdId: number | null

  @column(bigintColumn)
  declare priceMicros: number

  @column({ ...bigintColumn, serializeAs: null })
  declare costMicros: number | null

  @column(bigintColumn)
  declare chargedMicros: number | null

  @column()
  declare currency: string

  @column()
  declare carrier: string | null

  @column()
  declare carrierMessageId: string | null

  @column()
  declare errorCode: string | null

  @column()
  declare errorMessage: string | null

  @column()
  declare bulkId: number | null

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime()
  declare sentAt: DateTime | null

  @column.dateTime()
  declare deliveredAt: DateTime | null

  @column.dateTime()
  declare failedAt: DateTime | null

  @column.dateTime()
  declare cancelledAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
