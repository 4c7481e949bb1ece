import vine from '@vinejs/vine'

/** Adding a custom domain; whether it is a usable hostname is DomainService's call. */
export const createDomainValidator = vine.create({
  hostname: vine.string().trim().minLength(3).maxLength(253),
})
