import vine from '@vinejs/vine'

/**
 * What Kamailio reports after each successful REGISTER: the device (by id, or by username and
 * domain), one contact and how long it lasts (0 removes it, contact `*` removes them all).
 */
export const registrationReportValidator = vine.create({
  deviceId: vine.number().withoutDecimals().min(1).optional().requiredIfMissing(['username', 'domain']),
  tenantId: vine.number().withoutDecimals().min(1).optional(),
  username: vine.string().trim().maxLength(64).optional().requiredIfMissing('deviceId'),
  domain: vine.string().trim().maxLength(253).optional().requiredIfMissing('deviceId'),
  contact: vine.string().trim().minLength(1).maxLength(512),
  expires: vine.number().withoutDecimals().range([0, 7 * 24 * 3600]),
  userAgent: vine.string().trim().maxLength(512).optional(),
  received: vine.string().trim().maxLength(255).optional(),
})
