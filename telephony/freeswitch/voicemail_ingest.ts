import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute } from 'node:path'
import logger from '@adonisjs/core/services/logger'
import Call from '#models/call'
import PhoneNumber from '#models/phone_number'
import type Voicemail from '#models/voicemail'
import { toE164 } from '#services/phone'
import voicemailService, { MAX_VOICEMAIL_BYTES, VoicemailRejectedError } from '#services/voicemail/voicemail_service'
import tenancy from '#tenants/main'
import { acrossAllTenants } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import { sipDomainOf } from '#telephony/sip_domain'
import type { VoicemailLeft } from './esl_events.js'

const TYPE_BY_EXTENSION: Record<string, string> = { '.wav': 'audio/wav', '.mp3': 'audio/mpeg' }

interface Mailbox {
  tenant: TenantSnapshot
  userId: number
  phoneNumberId: number | null
  callUuid: string | null
}

/** mod_voicemail box ids are `vm-<E.164 digits>` (route_targets.ts voicemailTarget). */
export function boxNumber(box: string) {
  const digits = /^(?:vm-)?\+?(\d{6,15})$/.exec(box)?.[1]
  return digits ? toE164(`+${digits}`) : null
}

/** Whose message it is: our call's user when the event names the call, else the owner of the box's number. */
async function mailboxOf(left: VoicemailLeft): Promise<Mailbox | null> {
  const callUuid = left.callUuid
  const call = callUuid ? await acrossAllTenants('voicemail call lookup', () => Call.findBy('uuid', callUuid)) : null
  if (call?.userId) {
    const tenant = await tenancy.resolver.snapshot(call.tenantId)
    return tenant ? { tenant, userId: call.userId, phoneNumberId: call.phoneNumberId, callUuid: call.uuid } : null
  }
  const e164 = boxNumber(left.box)
  const number = e164 ? await acrossAllTenants('voicemail box lookup', () => PhoneNumber.findBy('e164', e164)) : null
  if (!number?.userId) return null
  const tenant = await tenancy.resolver.snapshot(number.tenantId)
  return tenant ? { tenant, userId: number.userId, phoneNumberId: number.id, callUuid: null } : null
}

/**
 * Turns a voicemail FreeSWITCH recorded into a stored voicemail. In production FreeSWITCH shares
 * its voicemail storage with the workers (the same volume mounted at the same path), so the
 * recording is read from VM-File-Path where the switch wrote it. Events that name no known box,
 * come from another brand's SIP domain, or point at an unreadable or unsupported file are
 * logged and dropped; nothing here throws into the event loop.
 */
export async function ingestVoicemail(left: VoicemailLeft): Promise<Voicemail | null> {
  const context = { box: left.box, domain: left.domain, file: left.filePath }
  const box = await mailboxOf(left)
  if (!box) {
    logger.warn(context, 'voicemail for an unknown box ignored')
    return null
  }
  if (sipDomainOf(box.tenant).toLowerCase() !== left.domain) {
    logger.warn({ ...context, tenant: box.tenant.slug }, 'voicemail from another SIP domain ignored')
    return null
  }
  const type = TYPE_BY_EXTENSION[extname(left.filePath).toLowerCase()]
  if (!isAbsolute(left.filePath) || !type) {
    logger.warn(context, 'voicemail recording is not an absolute .wav or .mp3 path; ignored')
    return null
  }
  try {
    const info = await stat(left.filePath)
    if (!info.isFile() || info.size > MAX_VOICEMAIL_BYTES) throw new VoicemailRejectedError('audio', 'The recording is not a file of an acceptable size')
    const audio = await readFile(left.filePath)
    return await voicemailService.store(box.tenant, {
      userId: box.userId,
      phoneNumberId: box.phoneNumberId,
      callUuid: box.callUuid,
      messageUuid: left.messageUuid,
      caller: toE164(left.callerNumber) ?? left.callerNumber,
      durationSeconds: left.seconds,
      audio,
      type,
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (!(error instanceof VoicemailRejectedError) && code !== 'ENOENT' && code !== 'EACCES') throw error
    logger.warn({ ...context, err: error }, 'voicemail recording could not be stored')
    return null
  }
}
