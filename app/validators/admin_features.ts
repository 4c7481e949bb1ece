import vine from '@vinejs/vine'
import { FEATURES, type FeatureName } from '#tenants/config/defaults'

const tick = () => vine.boolean().optional()
const featureFields = Object.fromEntries(FEATURES.map((name) => [name, tick()])) as Record<
  FeatureName,
  ReturnType<typeof tick>
>

/** The feature toggles form: a checkbox per feature (unticked ones are simply absent) and the number limit. */
export const updateFeaturesValidator = vine.create({
  features: vine.object(featureFields).optional(),
  limits: vine.object({ numbersPerUser: vine.number().withoutDecimals().range([1, 5]) }),
})

type FeaturesForm = Awaited<ReturnType<typeof updateFeaturesValidator.validate>>

/** The config patch: every feature named explicitly, so an unticked box switches it off. */
export function featuresPatch(form: FeaturesForm) {
  const features = Object.fromEntries(FEATURES.map((name) => [name, form.features?.[name] ?? false]))
  return { features, limits: { numbersPerUser: form.limits.numbersPerUser } }
}
