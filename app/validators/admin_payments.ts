import vine, { errors } from '@vinejs/vine'
import { isMask } from '#tenants/config/secrets'
import { parseAmountToMicros } from '#services/admin_money_input'

/** The payment secrets this form edits; each is shown masked and kept unless replaced or cleared. */
export const PAYMENT_SECRETS = [
  'payments.gateways.stripe.secretKey',
  'payments.gateways.stripe.webhookSecret',
  'payments.gateways.paypal.clientSecret',
] as const

const text = () => vine.string().trim().maxLength(512).nullable().optional()
const tick = () => vine.boolean().optional()

/** A typed decimal amount ("5.00") becomes integer micro-units, exactly. */
const amountRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const micros = parseAmountToMicros(value)
  if (micros === null) field.report('Enter an amount such as 5.00', 'amount', field)
  else field.mutate(micros, field)
})
const amount = () => vine.string().use(amountRule()).transform((micros) => micros as unknown as number).optional()

/** The payment gateways form, inputs named by config path. Unticked boxes are absent, i.e. off. */
export const updatePaymentsValidator = vine.create({
  payments: vine.object({
    gateways: vine.object({
      stripe: vine.object({
        enabled: tick(),
        publishableKey: text(),
        secretKey: text(),
        webhookSecret: text(),
        methods: vine.object({ card: tick(), applePay: tick(), googlePay: tick(), cashApp: tick() }).optional(),
      }),
      paypal: vine.object({ enabled: tick(), mode: text(), clientId: text(), clientSecret: text(), webhookId: text() }),
      fake: vine.object({ enabled: tick() }).optional(),
    }),
    recharge: vine.object({ minMicros: amount(), maxMicros: amount() }).optional(),
    autoRecharge: vine.object({ enabled: tick() }).optional(),
  }),
  /** Secrets the admin asked to remove. */
  clear: vine.array(vine.enum(PAYMENT_SECRETS)).optional(),
})

type PaymentsForm = Awaited<ReturnType<typeof updatePaymentsValidator.validate>>

/** A secret's patch value: null to clear it, the new one when typed, else absent (kept as stored). */
function secretValue(form: PaymentsForm, path: (typeof PAYMENT_SECRETS)[number], value: string | null | undefined) {
  if (form.clear?.includes(path)) return null
  return value && !isMask(value) ? value : undefined
}

/** The recharge limits, when the form carries them; a minimum above the maximum is refused. */
function rechargeLimits(form: PaymentsForm) {
  const limits = form.payments.recharge
  if (limits?.minMicros === undefined || limits.maxMicros === undefined) return undefined
  if (limits.minMicros > limits.maxMicros) {
    throw new errors.E_VALIDATION_ERROR([
      { field: 'payments.recharge.maxMicros', message: 'The largest recharge must be at least the smallest', rule: 'range' },
    ])
  }
  return { minMicros: limits.minMicros, maxMicros: limits.maxMicros }
}

/** The config patch for a validated payments form. */
export function paymentsPatch(form: PaymentsForm) {
  const { stripe, paypal, fake } = form.payments.gateways
  const methods = stripe.methods ?? {}
  return {
    payments: {
      gateways: {
        stripe: {
          enabled: stripe.enabled ?? false,
          publishableKey: stripe.publishableKey ?? null,
          secretKey: secretValue(form, PAYMENT_SECRETS[0], stripe.secretKey),
          webhookSecret: secretValue(form, PAYMENT_SECRETS[1], stripe.webhookSecret),
          methods: {
            card: methods.card ?? false,
            applePay: methods.applePay ?? false,
            googlePay: methods.googlePay ?? false,
            cashApp: methods.cashApp ?? false,
          },
        },
        paypal: {
          enabled: paypal.enabled ?? false,
          mode: paypal.mode ?? null,
          clientId: paypal.clientId ?? null,
          clientSecret: secretValue(form, PAYMENT_SECRETS[2], paypal.clientSecret),
          webhookId: paypal.webhookId ?? null,
        },
        fake: { enabled: fake?.enabled ?? false },
      },
      ...withValue('recharge', rechargeLimits(form)),
      autoRecharge: { enabled: form.payments.autoRecharge?.enabled ?? false },
    },
  }
}

/** `{ key: value }`, or nothing when the value is absent (a merge would store `undefined`). */
function withValue<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value }
}
