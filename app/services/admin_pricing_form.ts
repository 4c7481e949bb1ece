import type { TenantConfig } from '#tenants/config/defaults'
import { microsToAmount } from '#services/admin_money_input'

/** Empty rows at the end of each table, so an admin can add prices without any script. */
export const BLANK_ROWS = 3

const blankNumber = { country: '', type: '', setupMicros: '', monthlyMicros: '' }
const blankRate = { prefix: '', description: '', perMinuteMicros: '', effectiveFrom: '' }
/** A message price left blank means "markup over wholesale". */
const optionalAmount = (micros: number | null) => (micros === null ? '' : microsToAmount(micros))

/** The price list as the form shows it: decimal amounts, plus a few blank rows to fill in. */
export function pricingFormValues(pricing: TenantConfig['pricing']) {
  return {
    pricing: {
      currency: pricing.currency,
      markupBasisPoints: pricing.markupBasisPoints,
      markupFixedMicros: microsToAmount(pricing.markupFixedMicros),
      billing: { ...pricing.billing, connectionFeeMicros: microsToAmount(pricing.billing.connectionFeeMicros) },
      inbound: { charged: pricing.inbound.charged, perMinuteMicros: microsToAmount(pricing.inbound.perMinuteMicros) },
      numbers: [
        ...pricing.numbers.map((row) => ({
          ...row,
          setupMicros: microsToAmount(row.setupMicros),
          monthlyMicros: microsToAmount(row.monthlyMicros),
        })),
        ...Array.from({ length: BLANK_ROWS }, () => blankNumber),
      ],
      voice: [
        ...pricing.voice.map((row) => ({
          ...row,
          perMinuteMicros: microsToAmount(row.perMinuteMicros),
          effectiveFrom: row.effectiveFrom ?? '',
        })),
        ...Array.from({ length: BLANK_ROWS }, () => blankRate),
      ],
      messaging: {
        smsPerSegmentMicros: optionalAmount(pricing.messaging.smsPerSegmentMicros),
        mmsPerMessageMicros: optionalAmount(pricing.messaging.mmsPerMessageMicros),
      },
    },
  }
}

/**
 * The row positions to render: the bounced form's own (its error messages name them),
 * else the saved rows and the blank ones.
 */
export function pricingRowIndexes(values: ReturnType<typeof pricingFormValues>, old: Record<string, any> | null) {
  const positions = (list: 'numbers' | 'voice') => {
    const rows = old?.pricing?.[list] ?? values.pricing[list]
    return Object.keys(rows)
      .map(Number)
      .filter(Number.isInteger)
      .sort((a, b) => a - b)
  }
  return { numbers: positions('numbers'), voice: positions('voice') }
}
