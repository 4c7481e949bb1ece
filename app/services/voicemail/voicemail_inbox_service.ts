import { DateTime } from 'luxon'
import Voicemail from '#models/voicemail'
import PhoneNumber from '#models/phone_number'
import { dbTime } from '#services/db_time'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import voicemailService from './voicemail_service.js'

export interface InboxQuery {
  page?: number
  perPage?: number
  unread?: boolean
}

/** A voicemail as the API and the portal show it; `audioUrl` is where its owner fetches the audio. */
export function presentVoicemail(voicemail: Voicemail, number?: string | null) {
  return {
    id: voicemail.id,
    caller: voicemail.caller,
    number: number ?? null,
    phoneNumberId: voicemail.phoneNumberId,
    callUuid: voicemail.callUuid,
    durationSeconds: voicemail.durationSeconds,
    audioType: voicemail.audioType,
    audioBytes: voicemail.audioBytes,
    audioUrl: `/api/v1/voicemails/${voicemail.id}/audio`,
    read: voicemail.readAt !== null,
    readAt: voicemail.readAt?.toISO() ?? null,
    createdAt: voicemail.createdAt.toISO(),
  }
}

/**
 * A user's voicemail box: list (newest first), one message, mark read, delete (the audio file
 * too). Every lookup is by the owner and inside the brand, so anyone else's id is "not found".
 */
export class VoicemailInboxService {
  async list(tenant: TenantSnapshot, userId: number, query: InboxQuery = {}) {
    return runForTenant(tenant, async () => {
      const builder = Voicemail.query().where('user_id', userId).orderBy('id', 'desc')
      if (query.unread) builder.whereNull('read_at')
      const page = await builder.paginate(query.page ?? 1, query.perPage ?? 20)
      const numbers = await this.#numbers(page.all().map((voicemail) => voicemail.phoneNumberId))
      return { page, items: page.all().map((voicemail) => presentVoicemail(voicemail, numbers.get(voicemail.phoneNumberId ?? 0))) }
    })
  }

  /** How many messages the user has not listened to (the portal's badge). */
  async unreadCount(tenant: TenantSnapshot, userId: number): Promise<number> {
    return runForTenant(tenant, async () => {
      const row = await Voicemail.query().where('user_id', userId).whereNull('read_at').count('* as total').first()
      return Number(row?.$extras.total ?? 0)
    })
  }

  /** The user's message, or null when it is not theirs. */
  find(tenant: TenantSnapshot, userId: number, id: number) {
    return runForTenant(tenant, () => Voicemail.query().where('id', id).where('user_id', userId).first())
  }

  /** The message with the number it was left on, as shown. */
  async present(tenant: TenantSnapshot, voicemail: Voicemail) {
    const numbers = await runForTenant(tenant, () => this.#numbers([voicemail.phoneNumberId]))
    return presentVoicemail(voicemail, numbers.get(voicemail.phoneNumberId ?? 0))
  }

  /** Marks a message listened to; marking it again keeps the first time. */
  async markRead(tenant: TenantSnapshot, voicemail: Voicemail) {
    if (voicemail.readAt) return voicemail
    await runForTenant(tenant, () =>
      Voicemail.query().where('id', voicemail.id).whereNull('read_at').update({ read_at: dbTime(DateTime.now()), updated_at: dbTime(DateTime.now()) })
    )
    await runForTenant(tenant, () => voicemail.refresh())
    return voicemail
  }

  /** Deletes the message and its audio file. */
  remove(tenant: TenantSnapshot, voicemail: Voicemail) {
    return runForTenant(tenant, () => voicemailService.remove(voicemail))
  }

  async #numbers(ids: (number | null)[]) {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))]
    const rows = wanted.length ? await PhoneNumber.query().whereIn('id', wanted).select('id', 'e164') : []
    return new Map(rows.map((row) => [row.id, row.e164]))
  }
}

const voicemailInbox = new VoicemailInboxService()
export default voicemailInbox
