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

// ---------------------------------------------------------------------------------------------
// Messaging: submit, receipts, inbound (SMPP for SMS, an HTTP carrier API for MMS, simulated)

/** One message handed to a carrier. `ref` is ours and stays the same on every resubmission. */
export interface OutboundMessage {
  ref: string
  tenantId: number
  kind: 'sms' | 'mms'
  from: string
  to: string
  body: string
  /** MMS only: signed URLs the carrier fetches the media from. */
  media?: Array<{ url: string; contentType: string }>
}

/** What a carrier said when it accepted a message. */
export interface SubmitResult {
  carrierMessageId: string
  /** Parts on the wire (concatenated SMS). */
  parts: number
}

/** transient: try again later; throttled: the carrier asked us to slow down; permanent: never. */
export type SubmitFailureKind = 'transient' | 'throttled' | 'permanent'

/** A carrier refusal, or a connection that failed before the carrier answered. */
export class MessagingSubmitError extends Error {
  constructor(
    message: string,
    readonly kind: SubmitFailureKind,
    /** The carrier's code (an SMPP command_status such as `0x58`, an HTTP status), for the message's error_code. */
    readonly code: string
  ) {
    super(message)
    this.name = 'MessagingSubmitError'
  }
}

export type ReceiptStatus = 'enroute' | 'accepted' | 'delivered' | 'failed' | 'expired'

/** A delivery receipt (SMPP deliver_sm with esm_class 0x04, or an HTTP carrier's status webhook). */
export interface DeliveryReceipt {
  /** The driver's name: receipts are matched on (carrier, carrierMessageId). */
  carrier: string
  carrierMessageId: string
  status: ReceiptStatus
  errorCode: string | null
  doneAt: Date | null
}

/** A message from a handset to one of our numbers. */
export interface InboundMessage {
  carrier: string
  from: string
  to: string
  body: string
  kind: 'sms' | 'mms'
  /** MMS parts, either as bytes or as a URL on the carrier to fetch them from. */
  media?: Array<{ contentType: string; data?: Buffer; url?: string; fileName?: string | null }>
  carrierMessageId?: string | null
  receivedAt?: Date
}

/** Whether an inbound message was taken; a rejected one is refused to the carrier (SMPP: ESME_RINVDSTADR). */
export type InboundVerdict = { accepted: true; messageId: number } | { accepted: false; reason: string }

/** Where drivers hand what carriers send us; the messaging services implement it. */
export interface MessagingEvents {
  receipt(receipt: DeliveryReceipt): Promise<void>
  inbound(message: InboundMessage): Promise<InboundVerdict>
}

/** A carrier connection for one brand or for the platform's shared binds. */
export interface MessagingDriver {
  /** Stored on each message as `carrier`: receipts are correlated per driver. */
  readonly name: string
  /** Resolves when the carrier accepted the message; throws MessagingSubmitError otherwise. */
  submit(message: OutboundMessage): Promise<SubmitResult>
  close?(): Promise<void>
}
