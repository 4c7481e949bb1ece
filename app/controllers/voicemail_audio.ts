import type { HttpContext } from '@adonisjs/core/http'
import type Voicemail from '#models/voicemail'
import voicemailService from '#services/voicemail/voicemail_service'

/** Streams a voicemail's audio to its owner: its own content type, never cached by shared caches. */
export async function sendVoicemailAudio(ctx: HttpContext, voicemail: Voicemail) {
  const { stream, type, bytes } = await voicemailService.read(voicemail)
  ctx.response.header('content-type', type)
  ctx.response.header('content-length', String(bytes))
  ctx.response.header('cache-control', 'private, no-store')
  ctx.response.header('content-disposition', `inline; filename="voicemail-${voicemail.id}.${type === 'audio/mpeg' ? 'mp3' : 'wav'}"`)
  return ctx.response.stream(stream)
}
