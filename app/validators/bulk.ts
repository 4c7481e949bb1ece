import vine from '@vinejs/vine'
import app from '@adonisjs/core/services/app'

/** A page of a list. */
const page = () => vine.number().withoutDecimals().min(1).max(100_000).optional()
const perPage = () => vine.number().withoutDecimals().range([1, 200]).optional()

/**
 * A bulk send: a template, and recipients as a JSON list (`[{ to, ...variables }]`) or a CSV
 * upload (`file`, multipart). Multipart fields arrive as text; numbers and booleans are read
 * from it. How many recipients one send takes is the service's check (config).
 */
export const createBulkValidator = vine.create({
  template: vine.string().trim().minLength(1).maxLength(1600),
  recipients: vine
    .array(vine.object({ to: vine.string().trim().minLength(1).maxLength(32) }).allowUnknownProperties())
    .minLength(1)
    .optional()
    .requiredIfMissing('file'),
  file: vine.file({ size: '5mb', extnames: ['csv', 'txt'] }).optional(),
  from: vine.string().trim().maxLength(32).optional(),
  name: vine.string().trim().maxLength(120).optional(),
  per_minute: vine.number().withoutDecimals().range([1, 60_000]).optional(),
  send_at: vine.string().trim().maxLength(40).optional(),
  time_zone: vine.string().trim().maxLength(64).optional(),
  skip_invalid: vine.boolean().optional(),
})

/** The bulk list's and a bulk's recipients' query strings. */
export const listBulksValidator = vine.create({ page: page(), perPage: perPage() })
export const bulkRecipientsValidator = vine.create({
  page: page(),
  perPage: perPage(),
  status: vine.enum(['scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled']).optional(),
})

/** Hosts a plain-http callback may point to outside production: this machine. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Callbacks leave over https; plain http only reaches this machine, and only outside production. */
const callbackUrlRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const url = URL.canParse(value) ? new URL(value) : null
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    field.report('Enter an https URL such as https://example.com/hooks/sms', 'callbackUrl', field)
    return
  }
  const local = LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost')
  if (url.protocol === 'http:' && (app.inProduction || !local)) {
    field.report('The callback URL must use https (plain http is accepted only for localhost during development)', 'callbackUrl', field)
  }
})

/** Setting (or clearing, with null) the status callback URL; `rotate_secret` issues a new signing secret. */
export const callbackSettingsValidator = vine.create({
  url: vine.string().trim().maxLength(500).use(callbackUrlRule()).nullable(),
  rotate_secret: vine.boolean().optional(),
})

/** The callback delivery log's query string. */
export const callbackLogValidator = vine.create({
  page: page(),
  perPage: perPage(),
  status: vine.enum(['pending', 'delivered', 'failed']).optional(),
})
