import vine from '@vinejs/vine'

/**
 * Payment inputs. Amounts arrive as decimal strings ("25.00") or integer micro-units; the
 * payment services check them against the brand's currency and limits, naming the field.
 */
const decimal = () => vine.string().trim().maxLength(32).optional()
const micros = () => vine.number().withoutDecimals().optional()

export const rechargeValidator = vine.create({
  amount: decimal(),
  amountMicros: micros(),
  currency: vine.string().trim().maxLength(8).optional(),
  gateway: vine.string().trim().maxLength(32),
  savePaymentMethod: vine.boolean().optional(),
})

export const autoRechargeValidator = vine.create({
  enabled: vine.boolean(),
  threshold: decimal(),
  thresholdMicros: micros(),
  amount: decimal(),
  amountMicros: micros(),
  gateway: vine.string().trim().maxLength(32).optional(),
})

export const refundValidator = vine.create({
  amount: decimal(),
  amountMicros: micros(),
  reason: vine.string().trim().minLength(3).maxLength(200),
})

/** The fake checkout page's buttons. */
export const fakeCheckoutValidator = vine.create({
  decision: vine.enum(['pay', 'decline'] as const),
})

export const paymentsPageValidator = vine.create({
  page: vine.number().withoutDecimals().range([1, 10_000]).optional(),
})
