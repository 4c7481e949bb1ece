import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import { ok, sendError } from '#services/api_envelope'
import { extensionFor, findAnyMedia, findMedia, readMedia, removeUnsentMedia, storeMedia } from '#services/messaging/media_store'
import type MessageMedia from '#models/message_media'
import type { MessagingConfig } from '#config/messaging'

/**
 * MMS media: uploads (before a send), their removal, and the bytes, to their owner with a
 * token and to a carrier with a signed URL. Limits come from config/messaging.ts; a refused
 * upload stores nothing.
 */
export default class MessageMediaController {
  /** POST /api/v1/mms/media (multipart `file`): 201 with the id to send it with. */
  async store(ctx: HttpContext) {
    const { maxBytes, types } = app.config.get<MessagingConfig>('messaging').media
    const upload = await receiveFile(ctx, 'file', maxBytes)
    if (upload.refusal === 'missing') return sendError(ctx, 422, 'FILE_REQUIRED', 'Send the file as multipart/form-data in the field "file"', [{ field: 'file', message: 'A file is required', rule: 'required' }])
    if (upload.refusal === 'too_large') {
      const limit = `${Math.floor(maxBytes / 1024 / 1024)} MB`
      return sendError(ctx, 413, 'MEDIA_TOO_LARGE', `Media files may be at most ${limit}`, [{ field: 'file', message: `The file is larger than ${limit}`, rule: 'size' }])
    }
    const { data, contentType, fileName } = upload
    if (!contentType || !types.includes(contentType) || !data.length) {
      return sendError(ctx, 422, 'MEDIA_TYPE_NOT_ALLOWED', `Media files must be one of: ${types.join(', ')}`, [
        { field: 'file', message: `${contentType ?? 'This kind of file'} cannot be sent by MMS`, rule: 'type' },
      ])
    }
    const media = await storeMedia(ctx.tenant.id, ctx.auth.user!.id, { data, contentType, fileName })
    return ctx.response.created(ok(presentMedia(media)))
  }

  /** DELETE /api/v1/mms/media/:id: an upload that was not sent; a sent one stays with its message (409). */
  async destroy(ctx: HttpContext) {
    const media = await findMedia(ctx.auth.user!.id, ctx.params.id)
    if (!media) return sendError(ctx, 404, 'NOT_FOUND', 'No such media file')
    if (!(await removeUnsentMedia(media))) return sendError(ctx, 409, 'MEDIA_SENT', 'The file was sent with a message and stays with it')
    return ctx.response.noContent()
  }

  /** GET /api/v1/mms/media/:id/content: the bytes, to the file's owner. */
  async content(ctx: HttpContext) {
    const media = await findMedia(ctx.auth.user!.id, ctx.params.id)
    if (!media) return sendError(ctx, 404, 'NOT_FOUND', 'No such media file')
    return sendMedia(ctx, media)
  }

  /** GET /media/:id?signature=...: the bytes, to whoever holds an unexpired signed URL (the carrier). */
  async signed(ctx: HttpContext) {
    const media = ctx.request.hasValidSignature() ? await findAnyMedia(ctx.params.id) : null
    if (!media) return ctx.response.notFound('Not found')
    return sendMedia(ctx, media)
  }
}

/** What the API says of a media file. */
export function presentMedia(media: MessageMedia) {
  return { id: media.id, contentType: media.contentType, bytes: media.bytes, fileName: media.fileName, messageId: media.messageId }
}

async function sendMedia(ctx: HttpContext, media: MessageMedia) {
  const { stream, contentType, bytes } = await readMedia(media)
  ctx.response.header('content-type', contentType)
  ctx.response.header('content-length', String(bytes))
  ctx.response.header('cache-control', 'private, no-store')
  ctx.response.header('x-content-type-options', 'nosniff')
  ctx.response.header('content-disposition', `inline; filename="media-${media.id}.${extensionFor(contentType) ?? 'bin'}"`)
  return ctx.response.stream(stream)
}

type Upload = { refusal: 'missing' } | { refusal: 'too_large' } | { refusal: null; data: Buffer; contentType: string | null; fileName: string | null }

/**
 * Reads one multipart file into memory, at most `maxBytes` (the route is processed manually,
 * after auth, so nobody unauthenticated streams a file in). The type is the one the body
 * parser found from the content's magic bytes; for types without magic bytes (vCard) the
 * declared one. Either way the extension must be the type's own (a `.txt` sent as image/png
 * is refused).
 */
async function receiveFile(ctx: HttpContext, field: string, maxBytes: number): Promise<Upload> {
  if (!ctx.request.is(['multipart/form-data']) || !ctx.request.multipart) return { refusal: 'missing' }
  const chunks: Buffer[] = []
  let received = 0
  ctx.request.multipart.onFile(field, {}, async (part, report) => {
    for await (const chunk of part) {
      received += chunk.length
      await report(chunk)
      chunks.push(chunk)
    }
  })
  try {
    await ctx.request.multipart.process({ limit: maxBytes })
  } catch (error) {
    if ((error as { code?: string }).code !== 'E_REQUEST_ENTITY_TOO_LARGE') throw error
  }
  /** The parser stops reading past the limit; depending on timing that surfaces as a rejection or as a file error. */
  if (received > maxBytes) return { refusal: 'too_large' }
  const file = ctx.request.file(field)
  if (!file || file.hasErrors) return { refusal: 'missing' }
  const detected = file.type && file.subtype ? `${file.type}/${file.subtype}`.toLowerCase() : null
  const extension = file.extname === 'jpeg' ? 'jpg' : file.extname
  const contentType = detected && extension && extensionFor(detected) === extension ? detected : null
  return { refusal: null, data: Buffer.concat(chunks), contentType, fileName: file.clientName.slice(0, 255) || null }
}
