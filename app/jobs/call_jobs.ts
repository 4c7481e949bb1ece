import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import scheduler from '#jobs/scheduler'
import type Call from '#models/call'
import callService from '#services/calls/call_service'
import tenancy from '#tenants/main'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import voice from '#telephony/voice/manager'

/** Why the guard ends a call: the Q.850 cause FreeSWITCH uses for a used-up time allowance. */
const OUT_OF_FUNDS_CAUSE = 'ALLOTTED_TIMEOUT'

/**
 * Ends a call the wallet cannot cover any longer: through its brand's switch, or, when the
 * switch cannot be reached or no longer has the call, by ending the record at the talk time
 * already held, so the call is never billed past its hold.
 */
async function hangUp(call: Call, tenant: TenantSnapshot | null, now: DateTime) {
  try {
    if (!tenant || !call.switchRef) throw new Error('the call has no brand or switch reference')
    await voice.for(tenant).hangup(call.switchRef, OUT_OF_FUNDS_CAUSE)
    logger.info({ callUuid: call.uuid }, 'call hung up: the wallet cannot cover more talk time')
  } catch (error) {
    logger.warn({ err: error, callUuid: call.uuid }, 'switch hangup failed; ending the call record at its held time')
    const talked = call.answeredAt ? Math.floor(now.diff(call.answeredAt, 'seconds').seconds) : 0
    await callService.onEvent({
      type: 'ended',
      callUuid: call.uuid,
      switchRef: call.switchRef ?? call.uuid,
      at: now.toJSDate(),
      billSeconds: Math.max(0, Math.min(talked, call.coveredSeconds)),
      cause: OUT_OF_FUNDS_CAUSE,
      sipCode: null,
    })
  }
}

/**
 * One pass of the call hold guard: every answered call close to the end of its held talk time
 * gets another chunk held, or is hung up when the wallet cannot pay for it. Returns how many
 * calls were hung up.
 */
export async function guardLiveCalls(now = DateTime.now()) {
  let hungUp = 0
  for (const call of await callService.dueForCover(now)) {
    try {
      const tenant = await tenancy.resolver.snapshot(call.tenantId)
      const covered = tenant ? await runForTenant(tenant, () => callService.coverNext(call, now)) : false
      if (covered) continue
      await hangUp(call, tenant, now)
      hungUp++
    } catch (error) {
      logger.error({ err: error, callUuid: call.uuid }, 'call hold guard failed for a call')
    }
  }
  return hungUp
}

scheduler.register({ name: 'calls.guard', everySeconds: 15, run: () => guardLiveCalls() })
