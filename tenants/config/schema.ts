import vine from '@vinejs/vine'
import { DEPLOYMENT_MODELS, FEATURES } from './defaults.js'
import { THEME_SLUGS } from '#themes/registry'
import { CURRENCIES } from '#services/money/amounts'

/** Small shared rules, so each field reads as what it is. */
const hexColor = () => vine.string().trim().hexCode().nullable()
const font = () => vine.string().trim().maxLength(80).regex(/^[\w\s,'"-]+$/).nullable()
const url = () => vine.string().trim().maxLength(2048).url({ require_protocol: true }).nullable()
const assetUrl = () =>
  vine.string().trim().maxLength(2048).regex(/^(https?:\/\/|\/)[^\s"'<>]*$/).nullable()
const secret = () => vine.string().trim().maxLength(512).nullable()
const micros = () => vine.number().withoutDecimals().min(0).max(1_000_000_000_000)
const countryCode = () => vine.string().trim().toUpperCase().fixedLength(2).alpha()
/** An instant as ISO 8601 with a zone: 2026-12-01T00:00:00Z or +01:00. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/
const host = () => vine.string().trim().maxLength(253).regex(/^[a-zA-Z0-9.-]+$/)

const features = vine.object(
  Object.fromEntries(FEATURES.map((name) => [name, vine.boolean({ strict: true })])) as Record<
    (typeof FEATURES)[number],
    ReturnType<typeof vine.boolean>
  >
)

/**
 * The whole tenant config document. Validation always runs on the complete document
 * (defaults + saved + patch), so a document that passes is a document that works.
 */
export const tenantConfigSchema = vine.object({
  schemaVersion: vine.number().withoutDecimals().min(1),
  theme: vine.enum(THEME_SLUGS),
  branding: vine.object({
    appName: vine.string().trim().minLength(2).maxLength(60),
    companyName: vine.string().trim().minLength(2).maxLength(120),
    legalEntity: vine.string().trim().minLength(2).maxLength(160),
    logoUrl: assetUrl(),
    iconUrl: assetUrl(),
    faviconUrl: assetUrl(),
    colors: vine.object({
      primary: hexColor(),
      secondary: hexColor(),
      accent: hexColor(),
      background: hexColor(),
      text: hexColor(),
    }),
    fonts: vine.object({ heading: font(), body: font() }),
    mode: vine.enum(['theme', 'light', 'dark'] as const),
    poweredBy: vine.boolean({ strict: true }),
  }),
  content: vine.object({
    tagline: vine.string().trim().maxLength(160),
    welcome: vine.string().trim().maxLength(2000),
    onboarding: vine.string().trim().maxLength(4000),
    help: vine.string().trim().maxLength(4000),
    faq: vine
      .array(
        vine.object({
          question: vine.string().trim().minLength(3).maxLength(200),
          answer: vine.string().trim().minLength(1).maxLength(2000),
        })
      )
      .maxLength(50),
    emails: vine.object({
      passwordResetSubject: vine.string().trim().minLength(3).maxLength(200),
      passwordResetBody: vine.string().trim().maxLength(4000).regex(/\{\{link\}\}/),
    }),

    /** Automatic answers to the STOP, START and HELP keywords ({{appName}} and {{support}} are filled in). */
    sms: vine.object({
      helpReply: vine.string().trim().minLength(1).maxLength(306),
      stopReply: vine.string().trim().minLength(1).maxLength(306),
      startReply: vine.string().trim().minLength(1).maxLength(306),
    }),
  }),
  features,
  limits: vine.object({
    numbersPerUser: vine.number().withoutDecimals().range([1, 5]),
    renewalGraceDays: vine.number().withoutDecimals().range([0, 60]),
  }),
  payments: vine.object({
    gateways: vine.object({
      stripe: vine.object({
        enabled: vine.boolean({ strict: true }),
        publishableKey: vine.string().trim().maxLength(255).nullable(),
        secretKey: secret(),
        webhookSecret: secret(),
        methods: vine.object({
          card: vine.boolean({ strict: true }),
          applePay: vine.boolean({ strict: true }),
          googlePay: vine.boolean({ strict: true }),
          cashApp: vine.boolean({ strict: true }),
        }),
      }),
      paypal: vine.object({
        enabled: vine.boolean({ strict: true }),
        mode: vine.enum(['sandbox', 'live'] as const),
        clientId: vine.string().trim().maxLength(255).nullable(),
        clientSecret: secret(),
        webhookId: vine.string().trim().maxLength(64).nullable(),
      }),
      fake: vine.object({ enabled: vine.boolean({ strict: true }) }),
    }),
    recharge: vine.object({ minMicros: micros(), maxMicros: micros() }),
    autoRecharge: vine.object({ enabled: vine.boolean({ strict: true }) }),
  }),
  pricing: vine.object({
    currency: vine.string().trim().toUpperCase().in(CURRENCIES as string[]),
    markupBasisPoints: vine.number().withoutDecimals().range([0, 100_000]),
    markupFixedMicros: micros(),
    billing: vine.object({
      firstIncrementSeconds: vine.number().withoutDecimals().range([1, 3600]),
      nextIncrementSeconds: vine.number().withoutDecimals().range([1, 3600]),
      minimumSeconds: vine.number().withoutDecimals().range([0, 3600]),
      connectionFeeMicros: micros(),
    }),
    inbound: vine.object({ charged: vine.boolean({ strict: true }), perMinuteMicros: micros() }),
    numbers: vine
      .array(
        vine.object({
          country: countryCode(),
          type: vine.enum(['local', 'mobile', 'toll_free'] as const),
          setupMicros: micros(),
          monthlyMicros: micros(),
        })
      )
      .maxLength(500),
    voice: vine
      .array(
        vine.object({
          prefix: vine.string().trim().regex(/^\d{1,15}$/),
          description: vine.string().trim().maxLength(120),
          perMinuteMicros: micros(),
          effectiveFrom: vine.string().trim().regex(ISO_INSTANT).nullable().optional(),
        })
      )
      .maxLength(5000),
    messaging: vine.object({
      smsPerSegmentMicros: micros().nullable(),
      mmsPerMessageMicros: micros().nullable(),
    }),
  }),
  regions: vine.array(countryCode()).minLength(1).maxLength(250).distinct(),
  telephony: vine.object({
    model: vine.enum(DEPLOYMENT_MODELS),
    sipDomain: host().nullable(),
    freeswitch: vine.object({
      hosts: vine.array(vine.string().trim().regex(/^[a-zA-Z0-9.-]+(:\d{1,5})?$/)).maxLength(20),
      eslPassword: secret(),
    }),
    smpp: vine.object({
      host: host().nullable(),
      port: vine.number().withoutDecimals().range([1, 65535]),
      systemId: vine.string().trim().maxLength(16).nullable(),
      password: secret(),
      systemType: vine.string().trim().maxLength(13).nullable(),
    }),
    sipTrunk: vine.object({
      host: host().nullable(),
      port: vine.number().withoutDecimals().range([1, 65535]),
      transport: vine.enum(['udp', 'tcp', 'tls'] as const),
    }),
    blockedPrefixes: vine.array(vine.string().trim().regex(/^\d{1,15}$/)).maxLength(500),
  }),
  support: vine.object({
    email: vine.string().trim().email().nullable(),
    phone: vine.string().trim().maxLength(32).regex(/^\+?[\d\s().-]{4,32}$/).nullable(),
    url: url(),
    hours: vine.string().trim().maxLength(120).nullable(),
  }),
})

export const tenantConfigValidator = vine.create(tenantConfigSchema)
