import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import drive from '@adonisjs/drive/services/main'
import { Exception } from '@adonisjs/core/exceptions'
import logger from '@adonisjs/core/services/logger'
import Voicemail from '#models/voicemail'
import { sendUserNotice } from '#services/user_notice'
import { formatE164 } from '#services/phone'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'

/** Audio types a voicemail may be stored as, with their file extension. */
export const VOICEMAIL_TYPES: Record<string, string> = { 'audio/wav': 'wav', 'audio/mpeg': 'mp3' }
/** Ten minutes of 16-bit 8 kHz WAV is ~9.6 MB; nothing legitimate is larger than this. */
export const MAX_VOICEMAIL_BYTES = 20 * 1024 * 1024

/** A recording that cannot be stored (wrong type, empty, too large): 422 naming the field. */
export class VoicemailRejectedError extends Exception {
  static status = 422
  static code = 'VOICEMAIL_INVALID'
  readonly fields: { field: string; message: string }[]

  constructor(field: string, message: string) {
    super(message, { status: 422, code: 'VOICEMAIL_INVALID' })
    this.fields = [{ field, message }]
  }
}

export interface NewVoicemail {
  userId: number
  phoneNumberId: number | null
  /** Our call's uuid: one voicemail per call, however often the switch reports it. */
  callUuid: string | null
  /** The switch's id of the message, when it has one (names the file, so a repeat overwrites it). */
  messageUuid?: string | null
  caller: string
  durationSeconds: number
  audio: Buffer
  type: string
}

const isDuplicate = (error: unknown) => {
  const { code, errno } = (error ?? {}) as { code?: string; errno?: number }
  return errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT'
}

/**
 * Voicemail audio and rows: the audio goes to the configured disk (config/drive.ts) under the
 * tenant's prefix, the row points at it, and the user gets a mail. Storing is idempotent per
 * call (and per message), so a switch event delivered twice leaves one voicemail.
 */
export class VoicemailService {
  /** Saves a message left for a user and tells them; returns the existing row for a repeat. */
  async store(tenant: TenantSnapshot, input: NewVoicemail): Promise<Voicemail> {
    const ext = this.#check(input)
    return runForTenant(tenant, async () => {
      const key = `tenants/${tenant.id}/voicemail/${input.messageUuid ?? input.callUuid ?? randomUUID()}.${ext}`
      const existing = await this.#existing(input.callUuid, key)
      if (existing) return existing
      await drive.use().put(key, input.audio, { contentType: input.type, visibility: 'private' })
      let voicemail: Voicemail
      try {
        voicemail = await Voicemail.create({
          userId: input.userId,
          phoneNumberId: input.phoneNumberId,
          callUuid: input.callUuid,
          caller: input.caller.slice(0, 64) || 'anonymous',
          durationSeconds: Math.max(0, Math.round(input.durationSeconds)),
          audioKey: key,
          audioType: input.type,
          audioBytes: input.audio.length,
        })
      } catch (error) {
        if (!isDuplicate(error)) {
          await drive.use().delete(key)
          throw error
        }
        const winner = await this.#existing(input.callUuid, key)
        if (!winner) throw error
        if (winner.audioKey !== key) await drive.use().delete(key)
        return winner
      }
      await this.#notify(tenant, voicemail)
      return voicemail
    })
  }

  /** The audio as a stream, for a download or a player. */
  async read(voicemail: Voicemail): Promise<{ stream: Readable; type: string; bytes: number }> {
    const stream = await drive.use().getStream(voicemail.audioKey)
    return { stream, type: voicemail.audioType, bytes: voicemail.audioBytes }
  }

  /** The audio in memory (small files; exports and tests). */
  async bytes(voicemail: Voicemail): Promise<Buffer> {
    return Buffer.from(await drive.use().getBytes(voicemail.audioKey))
  }

  /** Deletes the audio, then the row: a failed file delete leaves both for a retry. */
  async remove(voicemail: Voicemail) {
    await drive.use().delete(voicemail.audioKey)
    await voicemail.delete()
  }

  #check(input: NewVoicemail) {
    const ext = VOICEMAIL_TYPES[input.type]
    if (!ext) throw new VoicemailRejectedError('type', `Voicemail audio must be one of ${Object.keys(VOICEMAIL_TYPES).join(', ')}`)
    if (!input.audio.length) throw new VoicemailRejectedError('audio', 'The voicemail recording is empty')
    if (input.audio.length > MAX_VOICEMAIL_BYTES) {
      throw new VoicemailRejectedError('audio', `The voicemail recording is larger than ${MAX_VOICEMAIL_BYTES / 1024 / 1024} MB`)
    }
    return ext
  }

  async #existing(callUuid: string | null, key: string) {
    if (callUuid) {
      const byCall = await Voicemail.findBy('call_uuid', callUuid)
      if (byCall) return byCall
    }
    return Voicemail.findBy('audio_key', key)
  }

  async #notify(tenant: TenantSnapshot, voicemail: Voicemail) {
    const caller = voicemail.caller.startsWith('+') ? formatE164(voicemail.caller) : voicemail.caller
    logger.info({ tenant: tenant.slug, voicemailId: voicemail.id }, 'voicemail stored')
    await sendUserNotice(tenant, voicemail.userId, `New voicemail from ${caller}`, [
      `${caller} left you a voicemail (${voicemail.durationSeconds} s).`,
      `Listen to it in ${tenant.branding.appName} under Voicemail.`,
    ])
  }
}

const voicemailService = new VoicemailService()
export default voicemailService
