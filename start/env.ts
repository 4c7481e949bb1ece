/**
 * The environment, validated once. Only this file and config/ read it.
 * Every variable has a default that runs the embedded quickstart (SQLite, memory cache).
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  LOG_LEVEL: Env.schema.string.optional(),

  /** Tenancy */
  PLATFORM_DOMAIN: Env.schema.string.optional(),
  TRUSTED_PROXIES: Env.schema.string.optional(),

  /** Database: sqlite (embedded default) or mysql */
  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'mysql'] as const),
  SQLITE_FILE: Env.schema.string.optional(),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),

  /** Redis: cache bus, limiter and sessions in production; absent in the quickstart */
  REDIS_ENABLED: Env.schema.boolean.optional(),
  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  REDIS_PREFIX: Env.schema.string.optional(),

  /** Run background jobs inside the web process (the quickstart) instead of brandline:worker */
  WORKERS_INLINE: Env.schema.boolean.optional(),

  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'memory', 'redis'] as const),

  /** Payments: send Stripe API calls to another base URL (a local stand-in in tests and dev) */
  STRIPE_API_BASE: Env.schema.string.optional({ format: 'url', tld: false }),

  /** Mail: logged in the quickstart, SMTP in production */
  MAIL_MAILER: Env.schema.enum.optional(['log', 'smtp'] as const),
  MAIL_FROM: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),

  /** Telephony: the token Kamailio and FreeSWITCH present to /switch/v1 (unset: those routes refuse everyone) */
  SWITCH_API_TOKEN: Env.schema.string.optional(),
  /** Where SIP devices register (shown in their settings) */
  SIP_PROXY_HOST: Env.schema.string.optional(),
  SIP_PROXY_PORT: Env.schema.number.optional(),
  /** Where PSTN calls and voicemail are sent: the platform's FreeSWITCH pool or carrier, host[:port] */
  SIP_PSTN_GATEWAY: Env.schema.string.optional(),
  SIP_VOICEMAIL_GATEWAY: Env.schema.string.optional(),
  /** The platform's FreeSWITCH pool for saas brands: host:port list, comma separated */
  FREESWITCH_HOSTS: Env.schema.string.optional(),
  FREESWITCH_ESL_PASSWORD: Env.schema.string.optional(),
  /** Outbound event socket FreeSWITCH connects to for inbound calls */
  ESL_OUTBOUND_HOST: Env.schema.string.optional(),
  ESL_OUTBOUND_PORT: Env.schema.number.optional(),
  /** Number provider for brands not on the simulated model: simulated or telnyx */
  NUMBER_PROVIDER: Env.schema.enum.optional(['simulated', 'telnyx'] as const),
  TELNYX_API_KEY: Env.schema.string.optional(),
  /** The platform's SMPP binds (saas and hybrid brands); unset: those brands cannot text. */
  /** Scheme and port brand hosts are reached on from outside (signed media URLs); default https in production. */
  PUBLIC_SCHEME: Env.schema.enum.optional(['http', 'https'] as const),
  PUBLIC_PORT: Env.schema.number.optional(),
  SMPP_HOST: Env.schema.string.optional(),
  SMPP_PORT: Env.schema.number.optional(),
  SMPP_SYSTEM_ID: Env.schema.string.optional(),
  SMPP_PASSWORD: Env.schema.string.optional(),
  SMPP_BINDS: Env.schema.number.optional(),
  SMPP_WINDOW: Env.schema.number.optional(),
  SMPP_RATE_PER_SECOND: Env.schema.number.optional(),
  /** The HTTP MMS carrier API (Telnyx/Twilio-shaped messages endpoint). */
  MMS_API_BASE: Env.schema.string.optional({ format: 'url', tld: false }),
  MMS_API_KEY: Env.schema.string.optional(),
  /** Shared secret HTTP carriers sign inbound message webhooks with. */
  MMS_WEBHOOK_SECRET: Env.schema.string.optional(),
  TELNYX_API_BASE: Env.schema.string.optional({ format: 'url', tld: false }),

  /** File storage (voicemail audio): the local disk under storage/, or an S3-compatible bucket */
  DRIVE_DISK: Env.schema.enum.optional(['local', 's3'] as const),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: Env.schema.string.optional({ format: 'url', tld: false }),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.string.optional(),
})
