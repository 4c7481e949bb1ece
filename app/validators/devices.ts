import vine from '@vinejs/vine'
import { DEVICE_KINDS } from '#models/sip_device'

/** A new device: what it is and, optionally, what to call it. */
export const registerDeviceValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(64).optional(),
  kind: vine.enum(DEVICE_KINDS),
})

/** Switching a device on or off. */
export const deviceStatusValidator = vine.create({
  status: vine.enum(['active', 'disabled'] as const),
})
