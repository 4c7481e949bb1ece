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
