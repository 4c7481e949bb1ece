import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import type { ApiClient } from '@japa/api-client'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import PhoneNumber from '#models/phone_number'
import SipDevice from '#models/sip_device'
import SipRegistration from '#models/sip_registration'
import CallRule from '#models/call_rule'
import Call from '#models/call'
import { toE164 } from '#services/phone'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import { sipDomainOf } from '#telephony/sip_domain'
import { PLATFORM } from '#tests/helpers'
import app from '@adonisjs/core/services/app'
import type { TelephonyConfig } from '#config/telephony'

export const SWITCH_TOKEN = 'test-switch-token'

const used = new Set<string>()

/** A valid, unused US number in the 415 area (E.164 numbers are unique across the platform). */
export function freshNumber(area = '415') {
  for (;;) {
    const candidate = toE164(`+1${area}${2 + (randomBytes(1)[0] % 8)}${String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')}`)
    if (candidate && !used.has(candidate)) {
      used.add(candidate)
      return candidate
    }
  }
}

/** A number held by a user (active, voice on unless told otherwise). */
export function numberFor(tenant: Tenant, user: User, values: Partial<PhoneNumber> = {}) {
  return runForTenant(tenant, () =>
    PhoneNumber.create({
      userId: user.id,
      e164: values.e164 ?? freshNumber(),
      country: 'US',
      type: 'local',
      status: 'active',
      isPrimary: false,
      monthlyPriceMicros: 2_000_000,
      provider: 'simulated',
      voiceEnabled: true,
      smsEnabled: true,
      ...values,
    })
  )
}

/** A SIP device of the user in the brand's SIP domain; `online` gives it a live registration. */
export async function deviceFor(tenant: Tenant, user: User, options: { online?: boolean; status?: 'active' | 'disabled' } = {}) {
  const snapshot = (await tenancy.resolver.snapshot(tenant.id))!
  return runForTenant(tenant, async () => {
    const device = await SipDevice.create({
      userId: user.id,
      name: 'Test phone',
      kind: 'android',
      username: `u${randomBytes(5).toString('hex')}`,
      sipDomain: sipDomainOf(snapshot),
      ha1: '0'.repeat(32),
      ha1b: '0'.repeat(32),
      status: options.status ?? 'active',
    })
    if (options.online) {
      await SipRegistration.create({
        deviceId: device.id,
        contact: `sip:${device.username}@127.0.0.1:5070`,
        expiresAt: DateTime.now().plus({ hours: 1 }),
      })
    }
    return device
  })
}

/** A call rule on a number. */
export function ruleOn(tenant: Tenant, number: PhoneNumber, values: Partial<CallRule> & { type: CallRule['type'] }) {
  return runForTenant(tenant, () =>
    CallRule.create({ userId: number.userId!, phoneNumberId: number.id, priority: 10, enabled: true, target: null, timeoutSeconds: null, schedule: null, ...values })
  )
}

/** Asks the switch API where a call goes, as Kamailio does. */
export function askRoute(client: ApiClient, body: Record<string, unknown>, token: string | null = SWITCH_TOKEN) {
  const request = client.post('/switch/v1/route').header('host', PLATFORM)
  return (token ? request.bearerToken(token) : request).json(body)
}

/** The body Kamailio sends for an INVITE from an authenticated device. */
export function fromDevice(device: SipDevice, to: string, extra: Record<string, unknown> = {}) {
  return { kind: 'device', tenantId: device.tenantId, username: device.username, domain: device.sipDomain, from: `sip:${device.username}@${device.sipDomain}`, to, callId: randomBytes(8).toString('hex'), ...extra }
}

/** A call row by its uuid. */
export function callByUuid(tenant: Tenant, uuid: string) {
  return runForTenant(tenant, () => Call.findByOrFail('uuid', uuid))
}

/** Where the platform sends PSTN calls and voicemail, as configured for this run. */
export const gateways = () => {
  const { pstnGateway, voicemailGateway } = app.config.get<TelephonyConfig>('telephony').sip
  return { pstn: pstnGateway, voicemail: voicemailGateway }
}

/** The voicemail box URI of a number. */
export const voicemailUri = (e164: string) => `sip:vm-${e164.slice(1)}@${gateways().voicemail}`

/** A forwarded leg's URI to the PSTN gateway (digits of the destination), with its leg uuid captured. */
export const forwardUriOf = (e164: string) => new RegExp(`^sip:${e164.slice(1)}@${gateways().pstn.replace(/\./g, '\\.')};leg=([0-9a-f-]{36})$`)
