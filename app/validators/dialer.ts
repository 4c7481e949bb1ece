import vine from '@vinejs/vine'

/** Click-to-call: the number to ring (E.164 or national) and, optionally, which of the user's numbers to show. */
export const initiateCallValidator = vine.create({
  destination: vine.string().trim().minLength(1).maxLength(32),
  callerId: vine.string().trim().maxLength(32).optional(),
})

/** The admin's simulations on the simulated model: a caller, one of the brand's numbers, and what the devices do. */
export const simulateInboundValidator = vine.create({
  to: vine.string().trim().minLength(1).maxLength(32),
  from: vine.string().trim().minLength(1).maxLength(32),
  outcome: vine.enum(['answer', 'no_answer'] as const).optional(),
})

export const simulateVoicemailValidator = vine.create({
  to: vine.string().trim().minLength(1).maxLength(32),
  from: vine.string().trim().minLength(1).maxLength(32),
  durationSeconds: vine.number().withoutDecimals().range([1, 120]).optional(),
})
