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

async function fetchLimited(url: string, maxBytes: number) {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) })
  if (!response.ok) throw new Error(`the carrier answered ${response.status} for the media URL`)
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw new Error('the part is too large')
  const data = Buffer.from(await response.arrayBuffer())
  return data
}
