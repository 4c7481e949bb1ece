import vine from '@vinejs/vine'

/** A SIP user part or URI as Kamailio passes it ($fU, $rU, $tU or the whole URI). */
const sipParty = () => vine.string().trim().minLength(1).maxLength(255)
const callId = () => vine.string().trim().maxLength(255).optional()

/**
 * What Kamailio asks for each new call: an INVITE from one of a brand's authenticated devices
 * (its tenant from the subscriber view, its SIP username and domain), or one from a carrier.
 */
export const switchRouteValidator = vine.create(
  vine.union([
    vine.union.if(
      (value) => vine.helpers.isObject(value) && value.kind === 'device',
      vine.object({
        kind: vine.literal('device'),
        tenantId: vine.number().withoutDecimals().positive(),
        username: vine.string().trim().minLength(1).maxLength(64),
        domain: vine.string().trim().minLength(1).maxLength(253),
        from: sipParty(),
        to: sipParty(),
        callerId: vine.string().trim().maxLength(64).optional(),
        callId: callId(),
      })
    ),
    vine.union.if(
      (value) => vine.helpers.isObject(value) && value.kind === 'carrier',
      vine.object({
        kind: vine.literal('carrier'),
        from: sipParty(),
        to: sipParty(),
        callId: callId(),
      })
    ),
  ]).otherwise((_, field) => {
    field.report('The kind field must be "device" or "carrier"', 'kind', field)
  })
)
