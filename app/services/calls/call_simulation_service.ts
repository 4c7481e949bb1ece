import { Exception } from '@adonisjs/core/exceptions'
import PhoneNumber from '#models/phone_number'
import User from '#models/user'
import { formatE164, toE164 } from '#services/phone'
import { runForTenant } from '#tenants/context'
import type { TenantSnapshot } from '#tenants/snapshot'
import voice from '#telephony/voice/manager'
import type { InboundOutcome } from '#telephony/simulated/inbound_player'

/** A simulation the admin cannot run: not the simulated model, or a number that is not the brand's. */
export class SimulationRefusedError extends Exception {
  readonly fields?: { field: string; message: string }[]

  constructor(message: string, options: { status: number; code: string; field?: string }) {
    super(message, { status: options.status, code: options.code })
    if (options.field) this.fields = [{ field: options.field, message }]
  }
}

/**
 * The admin's test calls on the simulated model (the quickstart): an inbound call to one of
 * the brand's numbers, routed by the real rules, or a voicemail left on it.
 */
export class CallSimulationService {
  /** Rings a number of the brand as a call from `from` would; `outcome` says whether a device answers. */
  async inbound(tenant: TenantSnapshot, input: { to: string; from: string; outcome?: InboundOutcome }) {
    const { simulator, to, from } = await this.#prepare(tenant, input)
    return simulator.simulateInbound(tenant, { to: to.e164, from }, input.outcome ?? 'answer')
  }

  /** Leaves a message with generated audio on a number of the brand. */
  async voicemail(tenant: TenantSnapshot, input: { to: string; from: string; durationSeconds?: number }) {
    if (!tenant.features.voicemail) {
      throw new SimulationRefusedError('Voicemail is switched off for this brand (Admin > Features)', { status: 422, code: 'FEATURE_DISABLED', field: 'to' })
    }
    const { simulator, to, from } = await this.#prepare(tenant, input)
    return simulator.simulateVoicemail(tenant, { to: to.e164, from, durationSeconds: input.durationSeconds })
  }

  /** The brand's numbers held by users, with the holder's email: what the admin can simulate calls to. */
  async numbersOf(tenant: TenantSnapshot) {
    const rows = await runForTenant(tenant, () =>
      PhoneNumber.query().whereNotNull('user_id').whereIn('status', ['active', 'disabled']).orderBy('e164', 'asc').limit(500)
    )
    const users = await runForTenant(tenant, () => User.query().whereIn('id', [...new Set(rows.map((row) => row.userId!))]).select('id', 'email'))
    const emails = new Map(users.map((user) => [user.id, user.email]))
    return rows.map((row) => ({ e164: row.e164, label: `${formatE164(row.e164)} (${emails.get(row.userId!) ?? 'unknown'})`, status: row.status }))
  }

  /** True when the brand's calls run on the in-process switch (the admin shows the simulation forms). */
  isSimulated(tenant: TenantSnapshot) {
    return tenant.config.telephony.model === 'simulated'
  }

  async #prepare(tenant: TenantSnapshot, input: { to: string; from: string }) {
    const simulator = await voice.simulator(tenant)
    if (!simulator) {
      throw new SimulationRefusedError(`Calls can be simulated only on the simulated model; this brand is on ${tenant.config.telephony.model}`, {
        status: 409,
        code: 'NOT_SIMULATED',
      })
    }
    const e164 = toE164(input.to)
    const to = e164 ? await runForTenant(tenant, () => PhoneNumber.query().where('e164', e164).whereNotNull('user_id').first()) : null
    if (!to) throw new SimulationRefusedError('Pick one of the brand\'s numbers held by a user', { status: 422, code: 'NUMBER_UNKNOWN', field: 'to' })
    const from = toE164(input.from, to.country)
    if (!from) throw new SimulationRefusedError('Enter the caller as a valid phone number', { status: 422, code: 'DESTINATION_INVALID', field: 'from' })
    return { simulator, to, from }
  }
}

const callSimulation = new CallSimulationService()
export default callSimulation
