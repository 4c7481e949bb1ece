import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import MessageMedia from '#models/message_media'
import type { MessagingConfig } from '#config/messaging'
import type { InboundMessage } from '#telephony/types'

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'text/vcard': 'vcf',
  'application/pdf': 'pdf',
}

/** The file extension a media type is stored (and uploaded) with; null for types the platform does not know. */
export function extensionFor(contentType: string) {
  return EXTENSIONS[contentType] ?? null
}

/** Where a tenant's MMS media live in storage: the tenant is in every key. */
export function mediaKey(tenantId: number, contentType: string) {
  return `tenants/${tenantId}/mms/${randomUUID()}.${EXTENSIONS[contentType] ?? 'bin'}`
}

/** Stores bytes for a user (an upload, or a part of an inbound MMS) and records them; runs in the tenant's context. */
export async function storeMedia(
  tenantId: number,
  userId: number,
  file: { data: Buffer; contentType: string; fileName?: string | null },
  messageId: number | null = null
) {
  const key = mediaKey(tenantId, file.contentType)
  await drive.use().put(key, file.data, { contentType: file.contentType })
  return MessageMedia.create({ userId, messageId, storageKey: key, contentType: file.contentType, bytes: file.data.length, fileName: file.fileName ?? null })
}

/**
 * Stores the parts of an inbound MMS: bytes the carrier sent, or fetched from the carrier's
 * URL. Parts of a type or size the platform does not take are dropped (and logged); the text
 * still arrives. Returns how many were stored.
 */
export async function storeInboundMedia(tenantId: number, userId: number, messageId: number, parts: NonNullable<InboundMessage['media']>) {
  const { types, maxBytes } = app.config.get<MessagingConfig>('messaging').media
  let stored = 0
  for (const part of parts) {
    try {
      const contentType = part.contentType.split(';')[0].trim().toLowerCase()
      if (!types.includes(contentType)) throw new Error(`type ${contentType} is not taken`)
      const data = part.data ?? (part.url ? await fetchLimited(part.url, maxBytes) : null)
      if (!data) throw new Error('the part has neither bytes nor a URL')
      if (data.length > maxBytes) throw new Error('the part is too large')
      await storeMedia(tenantId, userId, { data, contentType, fileName: part.fileName ?? null }, messageId)
      stored++
    } catch (error) {
      logger.warn({ tenantId, messageId, err: error }, 'an inbound MMS part was not stored')
    }
  }
  return stored
}

/** A user's media file by id, in the current tenant; null when it is not theirs. */
export function findMedia(userId: number, id: number) {
  return MessageMedia.query().where('id', id).where('user_id', userId).first()
}

/** A media file by id in the current tenant, whoever owns it (the signed route: the signature is the permission). */
export function findAnyMedia(id: number) {
  return MessageMedia.query().where('id', id).first()
}

/** A message's media, in the order they were attached. */
export function mediaOfMessage(messageId: number) {
  return MessageMedia.query().where('message_id', messageId).orderBy('id', 'asc')
}

/** The stored bytes of a media file, as a stream. */
export async function readMedia(media: MessageMedia) {
  const disk = drive.use()
  const { contentLength } = await disk.getMetaData(media.storageKey)
  return { stream: await disk.getStream(media.storageKey), contentType: media.contentType, bytes: contentLength }
}

/**
 * Removes an upload that was never sent: the row goes only while no message holds it (a send
 * racing this one wins or loses as a whole), then the file. False when a message took it.
 */
export async function removeUnsentMedia(media: MessageMedia) {
  const removed = await MessageMedia.query().where('id', media.id).whereNull('message_id').delete()
  if (Number(Array.isArray(removed) ? removed[0] : removed) !== 1) return false
  await drive
    .use()
    .delete(media.storageKey)
    .catch((error) => logger.warn({ err: error, mediaId: media.id }, 'a removed upload left its file behind'))
  return true
}

async function fetchLimited(url: string, maxBytes: number) {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) })
  if (!response.ok) throw new Error(`the carrier answered ${response.status} for the media URL`)
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw new Error('the part is too large')
  const data = Buffer.from(await response.arrayBuffer())
  return data
}
