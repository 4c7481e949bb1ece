import env from '#start/env'

/**
 * Messaging: the platform's carrier connections, the outbox's pace, media limits and the
 * opt-out keywords. Each dedicated brand's own SMPP bind lives in its tenant config
 * (`telephony.smpp`); this file says where the platform's shared parts are.
 */
const messagingConfig = {
  smpp: {
    /** The platform binds used by saas and hybrid brands. */
    host: env.get('SMPP_HOST') ?? null,
    port: env.get('SMPP_PORT') ?? 2775,
    systemId: env.get('SMPP_SYSTEM_ID') ?? null,
    password: env.get('SMPP_PASSWORD') ?? null,
    systemType: '',
    /** Transceiver binds per worker process; messages are spread over them. */
    binds: env.get('SMPP_BINDS') ?? 1,
    /** submit_sm outstanding per bind before waiting for responses. */
    window: env.get('SMPP_WINDOW') ?? 10,
    /** submit_sm per second per bind (carriers allow 100-150); 0 = no cap. */
    ratePerSecond: env.get('SMPP_RATE_PER_SECOND') ?? 0,
    enquireLinkSeconds: 30,
    /** Reconnect backoff: doubles from min to max, with jitter. */
    reconnect: { minMs: 250, maxMs: 30_000 },
    /** How long to wait for a submit_sm_resp before treating the submit as lost (resubmitted on the next bind). */
    responseTimeoutMs: 10_000,
    /** After a 0x58 (ESME_RTHROTTLED), pause the bind this long, doubling while it repeats. */
    throttleBackoffMs: { minMs: 200, maxMs: 10_000 },
  },
  mms: {
    baseUrl: env.get('MMS_API_BASE') ?? null,
    apiKey: env.get('MMS_API_KEY') ?? null,
    webhookSecret: env.get('MMS_WEBHOOK_SECRET') ?? null,
    timeoutMs: 10_000,
  },
  /** The in-process carrier of the simulated model: accepts, then a receipt after `receiptMs`. */
  simulated: {
    receiptMs: 600,
    /** Destinations that end the way their name says, so users can see those states. */
    testDestinations: { '+12025550111': 'failed', '+12025550112': 'expired' } as Record<string, 'failed' | 'expired'>,
  },
  outbox: {
    /** Rows one claim takes. */
    batchSize: 200,
    /** A claimed row whose worker went silent this long is claimed again (the worker died). */
    claimSeconds: 60,
    /** Poll interval when nothing was due. */
    idleMs: 200,
    maxAttempts: 8,
    /** Retry backoff: doubles from base to max. */
    retry: { baseMs: 2_000, maxMs: 10 * 60_000 },
    /** A message the carrier accepted but never reported on is expired after this long. */
    receiptTimeoutHours: 72,
  },
  limits: {
    /** Segments one SMS may take (10 x 153 GSM-7 characters). */
    maxSegments: 10,
    maxBodyChars: 1600,
    /** Recipients of one bulk send. */
    maxBulkRecipients: 10_000,
  },
  media: {
    maxBytes: 5 * 1024 * 1024,
    maxFiles: 10,
    types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/3gpp', 'audio/mpeg', 'audio/amr', 'text/vcard', 'application/pdf'],
    /** Signed media URLs stay valid this long. */
    urlTtlSeconds: 24 * 3600,
    /** How signed media URLs reach the brand's host from outside (a carrier fetching MMS content). */
    publicScheme: env.get('PUBLIC_SCHEME') ?? (env.get('NODE_ENV') === 'production' ? 'https' : 'http'),
    publicPort: env.get('PUBLIC_PORT') ?? null,
  },
  callbacks: {
    maxAttempts: 8,
    retry: { baseMs: 5_000, maxMs: 60 * 60_000 },
    timeoutMs: 5_000,
  },
  keywords: {
    stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'],
    start: ['START', 'UNSTOP', 'YES'],
    help: ['HELP', 'INFO'],
  },
  /** Live message events reach every web process through Redis pub/sub, or in process in the quickstart. */
  liveEvents: {
    bus: env.get('REDIS_ENABLED', false) ? ('redis' as const) : ('memory' as const),
    channel: `${env.get('REDIS_PREFIX') ?? 'brandline'}:messages`,
  },
}

export default messagingConfig
export type MessagingConfig = typeof messagingConfig
