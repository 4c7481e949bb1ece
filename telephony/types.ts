/**
 * The telephony contracts (see DESIGN.md, "one contract, a driver per deployment model"). The
 * manager (telephony/manager.ts) picks a driver per tenant from its config; tests swap drivers
 * with `fake()`. Nothing here knows about HTTP.
 */
export const DEPLOYMENT_MODELS = ['simulated', 'saas', 'dedicated', 'on_premise', 'hybrid'] as const

export type DeploymentModel = (typeof DEPLOYMENT_MODELS)[number]

export const NUMBER_TYPES = ['local', 'mobile', 'toll_free'] as const
export type NumberType = (typeof NUMBER_TYPES)[number]

export const CAPABILITIES = ['voice', 'sms', 'mms'] as const
export type Capability = (typeof CAPABILITIES)[number]

/* ------------------------------------------------------------------------------------------ */
/* Numbers                                                                                      */
/* ------------------------------------------------------------------------------------------ */

export interface NumberSearch {
  /** ISO 3166-1 alpha-2. */
  country: string
  type?: NumberType
  /** National area code (NPA in NANP, e.g. "415"). */
  areaCode?: string
  /** Region or state code as the provider knows it (e.g. "CA"). */
  region?: string
  /** Every capability listed must be present. */
  capabilities?: Capability[]
  /** A vanity pattern of digits and letters (letters map to keypad digits), matched anywhere in the national number. */
  contains?: string
  limit?: number
}

/** A number a provider offers for sale. */
export interface AvailableNumber {
  e164: string
  country: string
  type: NumberType
  region: string | null
  locality: string | null
  capabilities: Record<Capability, boolean>
  /** The provider's name (`simulated`, `telnyx`, ...). */
  provider: string
}

/** A number ordered from a provider: its id there, to release it later. */
export interface OrderedNumber {
  e164: string
  providerRef: string
}

/** Where numbers come from: search, order and release at a carrier or a number reseller. */
export interface NumberProvider {
  readonly name: string
  search(query: NumberSearch): Promise<AvailableNumber[]>
  /** Orders one number; throws NumberUnavailableError when the provider no longer has it. */
  order(e164: string): Promise<OrderedNumber>
  /** Gives a number back to the provider (after quarantine). */
  release(number: OrderedNumber): Promise<void>
}

export class NumberUnavailableError extends Error {
  constructor(public e164: string) {
    super(`${e164} is no longer available`)
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Voice                                                                                        */
/* ------------------------------------------------------------------------------------------ */

/** Click-to-call: ring the user's device(s) first, then bridge to the destination. */
export interface OriginateRequest {
  /** Our call id (calls.uuid); drivers use it as the switch's call uuid. */
  callUuid: string
  tenantId: number
  /** SIP AORs of the user's devices to ring first (sip:user@domain). */
  deviceUris: string[]
  /** E.164 destination. */
  destination: string
  /** E.164 caller ID presented to the destination. */
  callerId: string
  /** Hang up after this many seconds of talk (what the wallet hold covers). */
  maxSeconds: number
}

/** What a switch does with calls: place, hang up and transfer them. */
export interface VoiceDriver {
  readonly name: string
  originate(request: OriginateRequest): Promise<{ switchRef: string }>
  hangup(switchRef: string, cause?: string): Promise<void>
  transfer(switchRef: string, destination: string): Promise<void>
}

/**
 * A routing decision, answered to Kamailio (over HTTP) and to FreeSWITCH's outbound socket.
 * `reject` carries a SIP code and reason; `route` lists where to send the call, tried in order
 * (`device` targets ring in parallel, then `fallback` after `timeoutSeconds` or on failure).
 */
export type RouteDecision =
  | { action: 'reject'; callUuid: string | null; code: number; reason: string }
  | {
      action: 'route'
      callUuid: string
      /** E.164 caller ID to present. */
      callerId: string
      targets: RouteTarget[]
      /** Ring time before the fallback, seconds. */
      timeoutSeconds: number
      fallback: RouteTarget | null
      /** Talk time the wallet hold covers; null when unmetered (on-net to a device). */
      maxSeconds: number | null
    }

export interface RouteTarget {
  kind: 'device' | 'pstn' | 'voicemail' | 'trunk'
  /** A SIP URI: an AOR for devices, a gateway URI for pstn/trunk/voicemail. */
  uri: string
}

/** Channel events as the voice drivers report them to the call service. */
export type CallEvent =
  | { type: 'ringing'; callUuid: string; switchRef: string; at: Date }
  | { type: 'answered'; callUuid: string; switchRef: string; at: Date }
  | {
      type: 'ended'
      callUuid: string
      switchRef: string
      at: Date
      /** Seconds from answer to hangup, as the switch measured it (billsec). */
      billSeconds: number
      /** Q.850 cause name (NORMAL_CLEARING, USER_BUSY, NO_ANSWER, ORIGINATOR_CANCEL, ...). */
      cause: string
      sipCode: number | null
    }
