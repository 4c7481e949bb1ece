import env from '#start/env'

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

/**
 * Platform-wide telephony settings. Each brand's own connection settings (dedicated FreeSWITCH
 * hosts, SMPP bind, PBX trunk) live in its tenant config; this file says where the platform's
 * shared parts are.
 */
const telephonyConfig = {
  /** Bearer token of the switch API (/switch/v1 on the platform host); null refuses every call. */
  switchToken: env.get('SWITCH_API_TOKEN') ?? null,
  sip: {
    /** What devices are told to register to. */
    proxyHost: env.get('SIP_PROXY_HOST') ?? 'sip.localhost',
    proxyPort: env.get('SIP_PROXY_PORT') ?? 5060,
    transport: 'udp' as const,
    /** Where calls to the PSTN go (FreeSWITCH pool or carrier), host[:port]. */
    pstnGateway: env.get('SIP_PSTN_GATEWAY') ?? '127.0.0.1:5080',
    voicemailGateway: env.get('SIP_VOICEMAIL_GATEWAY') ?? '127.0.0.1:5080',
    /** Seconds devices ring before a no-answer fallback when no rule says otherwise. */
    defaultRingSeconds: 25,
  },
  freeswitch: {
    /** The saas pool. */
    hosts: list(env.get('FREESWITCH_HOSTS')),
    password: env.get('FREESWITCH_ESL_PASSWORD') ?? 'ClueCon',
    outbound: { host: env.get('ESL_OUTBOUND_HOST') ?? '127.0.0.1', port: env.get('ESL_OUTBOUND_PORT') ?? 8084 },
  },
  /**
   * The in-process switch of the simulated model (quickstart, tests): a click-to-call rings the
   * user's device for `ringMs`, then talks for `talkSeconds` (billed as that many seconds) at
   * `msPerSecond` real milliseconds per simulated second. Calls to the test destinations below end
   * the way their name says, so users can see those states; the last two digits echo the SIP code.
   */
  simulated: {
    ringMs: 2000,
    talkSeconds: 8,
    msPerSecond: 1000,
    testDestinations: {
      '+12025550186': 'busy',
      '+12025550104': 'unreachable',
      '+12025550180': 'no_answer',
    } as Record<string, 'busy' | 'unreachable' | 'no_answer'>,
  },
  /** Live call events (SSE) reach every web process through Redis pub/sub, or in process in the quickstart. */
  liveEvents: {
    bus: env.get('REDIS_ENABLED', false) ? ('redis' as const) : ('memory' as const),
    channel: `${env.get('REDIS_PREFIX') ?? 'brandline'}:calls`,
    /** Keep-alive comment interval; proxies drop idle streams after ~60 s. */
    heartbeatMs: 15_000,
    /** A stream ends after this long and the browser reconnects, so a revoked session stops receiving. */
    maxStreamMs: 15 * 60_000,
  },
  numbers: {
    /** The provider for brands on a real deployment model; simulated brands always use the simulated one. */
    provider: env.get('NUMBER_PROVIDER') ?? ('simulated' as 'simulated' | 'telnyx'),
    telnyx: { apiKey: env.get('TELNYX_API_KEY') ?? null, baseUrl: env.get('TELNYX_API_BASE') ?? 'https://api.telnyx.com' },
    reservationMinutes: 15,
    quarantineDays: 30,
  },
}

export default telephonyConfig
export type TelephonyConfig = typeof telephonyConfig
