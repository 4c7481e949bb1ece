import vine from '@vinejs/vine'
import { isMask } from '#tenants/config/secrets'

/** The payment secrets this form edits; each is shown masked and kept unless replaced or cleared. */
export const PAYMENT_SECRETS = [
  'payments.gateways.stripe.secretKey',
  'payments.gateways.stripe.webhookSecret',
  'payments.gateways.paypal.clientSecret',
] as const

const text = () => vine.string().trim().maxLength(512).nullable().optional()
const tick = () => vine.boolean().optional()

/** The payment gateways form, inputs named by config path. */
export const updatePaymentsValidator = vine.create({
  payments: vine.object({
    gateways: vine.object({
      stripe: vine.object({ enabled: tick(), publishableKey: text(), secretKey: text(), webhookSecret: text() }),
      paypal: vine.object({ enabled: tick(), mode: text(), clientId: text(), clientSecret: text() }),
    }),
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

/** The config patch for a validated payments form. */
export function paymentsPatch(form: PaymentsForm) {
  const { stripe, paypal } = form.payments.gateways
  return {
    payments: {
      gateways: {
        stripe: {
          enabled: stripe.enabled ?? false,
          publishableKey: stripe.publishableKey ?? null,
          secretKey: secretValue(form, PAYMENT_SECRETS[0], stripe.secretKey),
          webhookSecret: secretValue(form, PAYMENT_SECRETS[1], stripe.webhookSecret),
        },
        paypal: {
          enabled: paypal.enabled ?? false,
          mode: paypal.mode ?? null,
          clientId: paypal.clientId ?? null,
          clientSecret: secretValue(form, PAYMENT_SECRETS[2], paypal.clientSecret),
        },
      },
    },
  }
}
