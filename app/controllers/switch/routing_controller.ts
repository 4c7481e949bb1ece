import type { HttpContext } from '@adonisjs/core/http'
import routingService from '#services/calls/routing_service'
import { switchRouteValidator } from '#validators/switch_route'

/**
 * Where a new call goes, asked by our Kamailio for every INVITE. Any decision (a refusal too) is
 * a 200 with the RouteDecision JSON; only a malformed question is an error (422).
 */
export default class RoutingController {
  async decide(ctx: HttpContext) {
    const body = await switchRouteValidator.validate(ctx.request.body())
    if (body.kind === 'carrier') return routingService.decideInbound(body, { switch: 'kamailio' })
    return routingService.decideForDevice(body, { switch: 'kamailio' })
  }
}

/** The same decisions for FreeSWITCH's outbound event socket, which asks in process. */
export const decideInbound = routingService.decideInbound.bind(routingService)
export const decideForDevice = routingService.decideForDevice.bind(routingService)
export const decideOutbound = routingService.decideOutbound.bind(routingService)
