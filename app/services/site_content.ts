import type { FeatureName, TenantConfig } from '#tenants/config/defaults'
import { FEATURES } from '#tenants/config/defaults'

/** How each feature is sold on a brand's marketing site. */
export const FEATURE_COPY: Record<FeatureName, { title: string; summary: string }> = {
  voice: { title: 'Calls', summary: 'Crystal-clear calls from the app, the browser or any SIP phone.' },
  sms: { title: 'Text messages', summary: 'Send and receive SMS from every number you own.' },
  mms: { title: 'Picture messages', summary: 'Share photos and files by MMS.' },
  scheduled_sms: { title: 'Scheduled texts', summary: 'Write now, deliver later: texts go out on time.' },
  call_forwarding: { title: 'Call forwarding', summary: 'Ring your mobile, a colleague or voicemail, by rule.' },
  voicemail: { title: 'Voicemail', summary: 'Greetings per number, messages in your inbox.' },
  number_porting: { title: 'Number porting', summary: 'Bring the number you already have.' },
  multi_number: { title: 'Multiple numbers', summary: 'Up to five numbers on one account.' },
  sip_devices: { title: 'Desk phones', summary: 'Connect any SIP desk phone or softphone.' },
  wallet: { title: 'Prepaid wallet', summary: 'Top up once, pay only for what you use.' },
  data_export: { title: 'Your data, anytime', summary: 'Export calls, messages and invoices as CSV.' },
}

/** The brand's enabled features, in a stable order, with their copy. */
export function enabledFeatures(config: TenantConfig) {
  return FEATURES.filter((name) => config.features[name]).map((name) => ({ name, ...FEATURE_COPY[name] }))
}

/** The legal pages every brand publishes, named after its legal entity. */
export const LEGAL_PAGES = {
  'privacy': 'Privacy policy',
  'terms': 'Terms of service',
  'cookies': 'Cookie policy',
  'acceptable-use': 'Acceptable use policy',
} as const

export type LegalPage = keyof typeof LEGAL_PAGES
