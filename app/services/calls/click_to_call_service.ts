import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import Call from '#models/call'
import PhoneNumber from '#models/phone_number'
import SipDevice from '#models/sip_device'
import type User from '#models/user'
import { toE164 } from '#services/phone'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { VoiceDriver } from '#telephony/types'
import voice from '#telephony/voice/manager'
import { CallNotOnSwitchError, VoiceConfigError, VoiceUnavailableError } from '#telephony/voice/errors'
import callService from './call_service.js'
import { CallRefusedError } from './errors.js'
import { destinationRefusal } from './route_targets.js'

export interface ClickToCall {
  /** What the user typed: E.164 or national digits (read in the caller ID's country). */
  destination: string
  /** E.164 of one of the user's voice numbers; the primary one when left out. */
  callerId?: string | null
}

/**
 * Click-to-call (the portal dialer, POST /calls/initiate): checks the destination and caller
 * ID, holds the first minutes through the call service, then asks the brand's switch to ring
 * the user's devices and bridge the destination. Nothing is held when a check fails; when the
 * switch fails, the hold is released and the call is filed as failed.
 */
export class ClickToCallService {
  /** The user's numbers that may carry calls (active, voice on), primary first: the caller-ID picker. */
  callerIds(tenant: TenantSnapshot, userId: number) {
    return runForTenant(tenant, () =>
      PhoneNumber.query()
        .where('user_id', userId)
        .where('status', 'active')
        .where('voice_enabled', true)
        .orderBy('is_primary', 'desc')
        .orderBy('id', 'asc')
    )
  }

  /** Places the call; returns it ringing. Throws CallRefusedError (4xx) or VoiceUnavailableError (502). */
  async initiate(tenant: TenantSnapshot, user: User, input: ClickToCall): Promise<Call> {
    if (!tenant.features.voice) throw new CallRefusedError('FEATURE_DISABLED', 403, 'Voice calling is not available', { status: 403 })
    const numbers = await this.callerIds(tenant, user.id)
    const caller = pickCaller(numbers, input.callerId)
    const destination = toE164(input.destination, caller.country)
    if (!destination) throw refused('DESTINATION_INVALID', 484, 'Enter a valid phone number, e.g. +1 415 555 0100', 'destination')
    const notAllowed = destinationRefusal(tenant, destination)
    if (notAllowed) throw refused('DESTINATION_NOT_ALLOWED', 403, notAllowed, 'destination')
    const driver = driverOf(tenant)
    const deviceUris = await this.#devices(tenant, user.id)
    /** The simulator stands in for a phone; a real switch needs one to ring. */
    if (!deviceUris.length && driver.name !== 'simulated') {
      throw refused('NO_DEVICE', 480, 'Add a device (app or desk phone) first: the call rings it before the other side', 'device')
    }

    const { call, maxSeconds } = await runForTenant(tenant, () =>
      callService.openOutbound(tenant, {
        userId: user.id,
        destination,
        callerId: caller.e164,
        fromNumber: caller.e164,
        phoneNumberId: caller.id,
        switch: driver.name === 'simulated' ? 'simulated' : 'freeswitch',
        route: tenant.config.telephony.model === 'hybrid' ? 'trunk' : 'pstn',
      })
    )
    try {
      const { switchRef } = await driver.originate({ callUuid: call.uuid, tenantId: tenant.id, deviceUris, destination, callerId: caller.e164, maxSeconds })
      await runForTenant(tenant, () => Call.query().where('id', call.id).whereNull('switch_ref').update({ switch_ref: switchRef }))
    } catch (error) {
      logger.error({ err: error, callUuid: call.uuid, tenant: tenant.slug }, 'click-to-call: the switch did not take the call')
      /** In case the switch took it after all (a lost reply): a call filed as failed must not talk unbilled. */
      await driver.hangup(call.uuid, 'NORMAL_TEMPORARY_FAILURE').catch(() => {})
      await callService.onEvent({ type: 'ended', callUuid: call.uuid, switchRef: call.uuid, at: new Date(), billSeconds: 0, cause: 'NETWORK_OUT_OF_ORDER', sipCode: 502 })
      throw new VoiceUnavailableError('The call could not be placed right now; nothing was charged. Try again shortly.')
    }
    return runForTenant(tenant, () => Call.findOrFail(call.id))
  }

  /** Hangs up one of the user's calls (staff: any of the brand's when userId is null); null when it is not theirs. */
  async hangup(tenant: TenantSnapshot, userId: number | null, callId: number): Promise<Call | null> {
    const call = await this.find(tenant, userId, callId)
    if (!call || !call.isLive) return call
    try {
      await driverOf(tenant).hangup(call.switchRef ?? call.uuid, 'NORMAL_CLEARING')
    } catch (error) {
      if (error instanceof VoiceUnavailableError) throw error
      if (error instanceof CallNotOnSwitchError) {
        await this.#closeLost(call)
        return runForTenant(tenant, () => Call.findOrFail(call.id))
      }
      logger.error({ err: error, callUuid: call.uuid, tenant: tenant.slug }, 'hangup: the switch did not answer')
      throw new VoiceUnavailableError('The call could not be hung up right now. Try again shortly.')
    }
    return runForTenant(tenant, () => Call.findOrFail(call.id))
  }

  /**
   * Ends the record of a call its switch no longer has, billed for the talk time already
   * held at most (as the call hold guard does), so the user is not left with a call that never ends.
   */
  async #closeLost(call: Call) {
    const talked = call.answeredAt ? Math.floor(DateTime.now().diff(call.answeredAt, 'seconds').seconds) : 0
    await callService.onEvent({
      type: 'ended',
      callUuid: call.uuid,
      switchRef: call.switchRef ?? call.uuid,
      at: new Date(),
      billSeconds: Math.max(0, Math.min(talked, call.coveredSeconds)),
      cause: call.answeredAt ? 'NORMAL_CLEARING' : 'ORIGINATOR_CANCEL',
      sipCode: null,
    })
  }

  /** One of the user's calls (any of the brand's when userId is null), or null. */
  find(tenant: TenantSnapshot, userId: number | null, callId: number) {
    return runForTenant(tenant, () => {
      const query = Call.query().where('id', callId)
      if (userId !== null) query.where('user_id', userId)
      return query.first()
    })
  }

  /** AORs of the user's active devices, as the switch rings them. */
  async #devices(tenant: TenantSnapshot, userId: number) {
    const devices = await runForTenant(tenant, () => SipDevice.query().where('user_id', userId).where('status', 'active').orderBy('id', 'asc'))
    return devices.map((device) => `sip:${device.username}@${device.sipDomain}`)
  }
}

function refused(code: ConstructorParameters<typeof CallRefusedError>[0], sipCode: number, reason: string, field: string) {
  return new CallRefusedError(code, sipCode, reason, { status: 422, field })
}

/** The caller ID asked for when it is one of the user's voice numbers; the primary one when none was asked for. */
function pickCaller(numbers: PhoneNumber[], requested: string | null | undefined) {
  const home = numbers[0]
  if (!home) throw refused('CALLER_ID_NOT_OWNED', 403, 'You need an active number with voice to call from', 'callerId')
  if (requested === undefined || requested === null || requested === '') return home
  const e164 = toE164(requested, home.country)
  const owned = numbers.find((number) => number.e164 === e164)
  if (!owned) throw refused('CALLER_ID_NOT_OWNED', 403, 'This caller ID is not one of your active numbers', 'callerId')
  return owned
}

/** The brand's switch; a brand whose telephony settings are broken gets a 502 (and the admin a log line naming the setting). */
function driverOf(tenant: TenantSnapshot): VoiceDriver {
  try {
    return voice.for(tenant)
  } catch (error) {
    if (!(error instanceof VoiceConfigError)) throw error
    logger.error({ tenant: tenant.slug, err: error }, error.message)
    throw new VoiceUnavailableError('Calling is not available right now. Try again shortly.')
  }
}

const clickToCall = new ClickToCallService()
export default clickToCall
