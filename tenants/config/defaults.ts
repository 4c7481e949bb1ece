import { DEPLOYMENT_MODELS, type DeploymentModel } from '#telephony/types'

/**
 * The config document every tenant starts from; a saved document only has to hold what
 * differs. Amounts are integer micro-units of the pricing currency (1 = 0.000001).
 */
export const CONFIG_SCHEMA_VERSION = 1

export const FEATURES = [
  'voice',
  'sms',
  'mms',
  'scheduled_sms',
  'call_forwarding',
  'voicemail',
  'number_porting',
  'multi_number',
  'sip_devices',
  'wallet',
  'data_export',
] as const

export type FeatureName = (typeof FEATURES)[number]

export { DEPLOYMENT_MODELS }

export function defaultConfig() {
  return {
    schemaVersion: CONFIG_SCHEMA_VERSION,
    theme: 'classic',
    branding: {
      appName: 'My Phone',
      companyName: 'My Phone',
      legalEntity: 'My Phone Ltd',
      logoUrl: null as string | null,
      iconUrl: null as string | null,
      faviconUrl: null as string | null,
      colors: {
        primary: null as string | null,
        secondary: null as string | null,
        accent: null as string | null,
        background: null as string | null,
        text: null as string | null,
      },
      fonts: { heading: null as string | null, body: null as string | null },
      mode: 'theme' as 'theme' | 'light' | 'dark',
      poweredBy: false,
    },
    content: {
      tagline: 'Phone numbers, calls and texts that just work.',
      welcome: 'Welcome aboard. Pick a number and start calling in minutes.',
      onboarding: 'Top up your wallet, choose up to five numbers and connect a device or the app.',
      help: 'Our support team answers every message within one business day.',
      faq: [
        { question: 'Can I keep my number?', answer: 'Yes: port it in from your current carrier.' },
        { question: 'Which devices work?', answer: 'Any SIP phone or softphone, and our mobile app.' },
      ],
      emails: {
        passwordResetSubject: 'Reset your {{appName}} password',
        passwordResetBody: 'Open this link within one hour to choose a new password: {{link}}',
      },
      sms: {
        helpReply: '{{appName}}: help at {{support}}. Reply STOP to opt out. Msg&data rates may apply.',
        stopReply: '{{appName}}: you are unsubscribed and will get no more messages. Reply START to resubscribe.',
        startReply: '{{appName}}: you are subscribed again. Reply HELP for help, STOP to opt out.',
      },
    },
    features: Object.fromEntries(FEATURES.map((name) => [name, true])) as Record<FeatureName, boolean>,
    limits: { numbersPerUser: 5, renewalGraceDays: 7 },
    payments: {
      gateways: {
        stripe: {
          enabled: false,
          publishableKey: null as string | null,
          secretKey: null as string | null,
          webhookSecret: null as string | null,
          /** Payment method families offered at checkout; Apple Pay and Google Pay ride on cards. */
          methods: { card: true, applePay: false, googlePay: false, cashApp: false },
        },
        paypal: {
          enabled: false,
          mode: 'sandbox' as 'sandbox' | 'live',
          clientId: null as string | null,
          clientSecret: null as string | null,
          /** The webhook id PayPal gave this brand's listener; needed to verify deliveries. */
          webhookId: null as string | null,
        },
        /** A gateway that needs no account: the quickstart and demos. Off for real brands. */
        fake: { enabled: false },
      },
      /** What one wallet recharge may be, in micro-units of the pricing currency. */
      recharge: { minMicros: 5_000_000, maxMicros: 1_000_000_000 },
      autoRecharge: { enabled: true },
    },
    pricing: {
      currency: 'USD',
      /** Retail over wholesale where no explicit rate is set: percent (basis points) and a fixed add-on per unit. */
      markupBasisPoints: 2500,
      markupFixedMicros: 0,
      /** How call seconds are billed: the first increment, then each next one, rounded up. */
      billing: { firstIncrementSeconds: 60, nextIncrementSeconds: 60, minimumSeconds: 0, connectionFeeMicros: 0 },
      inbound: { charged: false, perMinuteMicros: 0 },
      numbers: [
        { country: 'US', type: 'local', setupMicros: 0, monthlyMicros: 2_000_000 },
        { country: 'US', type: 'toll_free', setupMicros: 0, monthlyMicros: 4_000_000 },
      ],
      voice: [
        { prefix: '1', description: 'US and Canada', perMinuteMicros: 15_000, effectiveFrom: null as string | null },
        { prefix: '44', description: 'United Kingdom', perMinuteMicros: 30_000, effectiveFrom: null as string | null },
      ],
      /** Explicit message prices; null means markup over the platform's wholesale cost. */
      messaging: { smsPerSegmentMicros: 10_000 as number | null, mmsPerMessageMicros: 25_000 as number | null },
    },
    regions: ['US', 'CA'],
    telephony: {
      model: 'simulated' as DeploymentModel,
      sipDomain: null as string | null,
      freeswitch: { hosts: [] as string[], eslPassword: null as string | null },
      smpp: {
        host: null as string | null,
        port: 2775,
        systemId: null as string | null,
        password: null as string | null,
        systemType: null as string | null,
      },
      sipTrunk: { host: null as string | null, port: 5060, transport: 'udp' as 'udp' | 'tcp' | 'tls' },
      /**
       * Destinations never called, as digit prefixes with the country code: premium-rate and
       * mass-calling ranges where a compromised device runs up a bill (US 900/976, UK 09x and
       * 0871-0873, UK/DE 118 directories, DE 0900/0137, FR 089x premium).
       */
      blockedPrefixes: ['1900', '1976', '4490', '4491', '4498', '44871', '44872', '44873', '44118', '49900', '49137', '49118', '3389'],
    },
    support: {
      email: null as string | null,
      phone: null as string | null,
      url: null as string | null,
      hours: 'Mon-Fri 9:00-17:00',
    },
  }
}

export type TenantConfig = ReturnType<typeof defaultConfig>

/** Paths of the fields that hold secrets: encrypted at rest, masked whenever shown. */
export const SECRET_PATHS = [
  'payments.gateways.stripe.secretKey',
  'payments.gateways.stripe.webhookSecret',
  'payments.gateways.paypal.clientSecret',
  'telephony.freeswitch.eslPassword',
  'telephony.smpp.password',
] as const
