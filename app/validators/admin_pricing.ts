import vine from '@vinejs/vine'
import { amount, instant } from '#validators/rates'

const text = () => vine.string().trim().maxLength(200).nullable().optional()
const seconds = () => vine.number().withoutDecimals().min(0)

/** The price list form: amounts as decimals in the brand's currency, named by config path. */
export const updatePricingValidator = vine.create({
  pricing: vine.object({
    currency: text(),
    markupBasisPoints: vine.number().withoutDecimals(),
    /** Fields a form leaves out keep their saved values. */
    markupFixedMicros: amount().optional(),
    billing: vine
      .object({
        firstIncrementSeconds: seconds().optional(),
        nextIncrementSeconds: seconds().optional(),
        minimumSeconds: seconds().optional(),
        connectionFeeMicros: amount().optional(),
      })
      .optional(),
    inbound: vine.object({ charged: vine.boolean(), perMinuteMicros: amount().optional() }),
    numbers: vine.array(
      vine.object({ country: text(), type: text(), setupMicros: amount(), monthlyMicros: amount() })
    ),
    voice: vine.array(
      vine.object({ prefix: text(), description: text(), perMinuteMicros: amount(), effectiveFrom: instant().nullable().optional() })
    ),
    /** Blank: the brand's markup over the platform's wholesale cost. */
    messaging: vine.object({ smsPerSegmentMicros: amount().nullable(), mmsPerMessageMicros: amount().nullable() }),
  }),
})

export type PricingRowLists = { numbers: number[]; voice: number[] }

/**
 * Readies the posted price list for validation: rows arrive as arrays or, past qs's array
 * limit, as objects keyed by index; blank rows and rows ticked for removal are dropped.
 * `kept` maps each remaining row back to its position in the form, for error messages.
 */
export function pricingFormInput(body: Record<string, any>) {
  const pricing = { ...(body.pricing ?? {}) }
  /** An unticked box is absent from the post: absent means "free". */
  pricing.inbound = { ...(pricing.inbound ?? {}), charged: Boolean(pricing.inbound?.charged) }
  const kept: PricingRowLists = { numbers: [], voice: [] }
  for (const list of ['numbers', 'voice'] as const) {
    const rows = Object.entries(pricing[list] ?? {})
      .map(([index, row]) => [Number(index), row] as [number, any])
      .filter(([index, row]) => Number.isInteger(index) && isKeptRow(row))
      .sort(([a], [b]) => a - b)
    kept[list] = rows.map(([index]) => index)
    pricing[list] = rows.map(([, { remove, ...row }]) => row)
  }
  return { data: { pricing }, kept }
}

function isKeptRow(row: unknown) {
  if (typeof row !== 'object' || row === null) return false
  const { remove, ...fields } = row as Record<string, unknown>
  return !remove && Object.values(fields).some((value) => value !== null && value !== '')
}

/** Renames `pricing.numbers.<kept position>...` back to the row's position in the form. */
export function pricingFormField(kept: PricingRowLists) {
  return (field: string) =>
    field.replace(/^pricing\.(numbers|voice)\.(\d+)\./, (whole, list: 'numbers' | 'voice', index: string) => {
      const original = kept[list][Number(index)]
      return original === undefined ? whole : `pricing.${list}.${original}.`
    })
}
