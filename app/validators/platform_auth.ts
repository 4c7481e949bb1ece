import vine from '@vinejs/vine'
import { operatorEmail } from '#validators/platform_rules'

/** Operator sign-in, for the console form and the platform API alike. */
export const platformLoginValidator = vine.create({
  email: operatorEmail(),
  password: vine.string().maxLength(128),
})
