import app from '@adonisjs/core/services/app'
import type { TelephonyConfig } from '#config/telephony'
import { countryOfE164, toE164 } from '#services/phone'
import type { TenantSnapshot } from '#tenants/snapshot'
import type { RouteTarget } from '#telephony/types'

/**
 * Where decided calls are sent (SIP URIs for the switch) and which destinations a brand lets its
 * users call. Shared by outbound calls and forwarded legs, so a forward can never reach a
 * number the user could not dial.
 */
function sipSettings() {
  return app.config.get<TelephonyConfig>('telephony').sip
}

/** A number as switches and users send it: E.164, national (with a default country) or bare digits. */
export function normalizeNumber(raw: string | null | undefined, defaultCountry?: string | null): string | null {
  if (typeof raw !== 'string') return null
  const user = userPart(raw)
  return toE164(user, defaultCountry ?? undefined) ?? (/^\d{6,15}$/.test(user) ? toE164(`+${user}`) : null)
}

/** "sip:+14155550123@host;user=phone" -> "+14155550123"; plain strings are returned trimmed. */
export function userPart(raw: string) {
  const match = /^(?:sips?:|tel:)?([^@;]*)/i.exec(raw.trim())
  return decodeURIComponent(match?.[1] ?? '').trim()
}

const digits = (e164: string) => e164.replace(/^\+/, '')

/**
 * Why a brand does not let its users call this number, or null when it may: the destination's
 * country must be among the brand's regions and no blocked prefix may start it.
 */
export function destinationRefusal(tenant: TenantSnapshot, e164: string): string | null {
  const country = countryOfE164(e164)
  if (!country || !tenant.config.regions.includes(country)) return `Destination ${country ?? 'outside any country'} not allowed`
  const number = digits(e164)
  const blocked = (tenant.config.telephony.blockedPrefixes ?? []).find((prefix) => number.startsWith(prefix))
  return blocked ? `Destination prefix ${blocked} is blocked` : null
}

/**
 * The PSTN leg of a call: through the platform's gateway, or the brand's PBX trunk in the hybrid
 * model. `leg` names our call row (a forwarded leg) so the switch can report its events.
 */
export function pstnTarget(tenant: TenantSnapshot, e164: string, leg?: string): RouteTarget | null {
  const suffix = leg ? `;leg=${leg}` : ''
  if (tenant.config.telephony.model === 'hybrid') {
    const trunk = tenant.config.telephony.sipTrunk
    if (!trunk.host) return null
    const transport = trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`
    return { kind: 'trunk', uri: `sip:${digits(e164)}@${trunk.host}:${trunk.port}${transport}${suffix}` }
  }
  return { kind: 'pstn', uri: `sip:${digits(e164)}@${sipSettings().pstnGateway}${suffix}` }
}

/** The voicemail box of a number, on the platform's voicemail gateway. */
export function voicemailTarget(e164: string): RouteTarget {
  return { kind: 'voicemail', uri: `sip:vm-${digits(e164)}@${sipSettings().voicemailGateway}` }
}

/** A device's address of record, as the registrar knows it. */
export function deviceTarget(aor: string): RouteTarget {
  return { kind: 'device', uri: aor.startsWith('sip:') ? aor : `sip:${aor}` }
}

/** Seconds devices ring when no rule says otherwise. */
export function defaultRingSeconds() {
  return sipSettings().defaultRingSeconds
}
