import db from '@adonisjs/lucid/services/db'
import LedgerEntry from '#models/ledger_entry'
import type User from '#models/user'
import Wallet from '#models/wallet'
import walletService, { MAX_MOVEMENT_MICROS } from '#services/money/wallet_service'
import { invalidAmount, MoneyException } from '#services/money/errors'
import { decimalToMicros } from '#services/money/amounts'
import type { TenantSnapshot } from '#tenants/snapshot'

/** Parses a signed decimal amount ("-5.25") to micros, naming the field when it is not one. */
export function signedMicros(value: string, field = 'amount') {
  let micros: number
  try {
    micros = decimalToMicros(value)
  } catch {
    throw invalidAmount(field, 'Enter an amount with at most six decimals')
  }
  if (Math.abs(micros) > MAX_MOVEMENT_MICROS) throw invalidAmount(field, 'Enter an amount with at most six decimals')
  return micros
}

/** What a brand's staff may do to a customer's wallet: adjust, refund a charge, set a credit limit. */
export class WalletAdminService {
  /** A manual correction with a reason; it shows in the customer's history. */
  async adjust(tenant: TenantSnapshot, user: User, amount: string, reason: string, actor: User) {
    const wallet = await walletService.forUser(user.id, tenant.config.pricing.currency)
    const micros = signedMicros(amount)
    if (micros === 0) throw invalidAmount('amount', 'The adjustment cannot be zero')
    return walletService.adjust(wallet.id, micros, reason, actor.id)
  }

  /**
   * Gives back all or part of one charge, into the wallet. The refunds of a charge never add up
   * to more than the charge: the charge row is locked while the earlier refunds are summed.
   */
  async refundCharge(tenant: TenantSnapshot, user: User, entryId: number, amount: string | undefined, reason: string, actor: User) {
    const wallet = await walletService.forUser(user.id, tenant.config.pricing.currency)
    return db.transaction(async (trx) => {
      const charge = await LedgerEntry.query({ client: trx }).where('id', entryId).where('wallet_id', wallet.id).forUpdate().first()
      if (!charge || charge.kind !== 'debit' || charge.category === 'recharge') {
        throw new MoneyException('No such charge in this wallet', { status: 404, code: 'NOT_FOUND', field: 'entryId' })
      }
      const refunded = await LedgerEntry.query({ client: trx })
        .where('wallet_id', wallet.id)
        .where('kind', 'refund')
        .where('reference_type', 'ledger_entry')
        .where('reference_id', String(charge.id))
        .sum('amount_micros as total')
        .first()
      const left = -charge.amountMicros - Number(refunded?.$extras.total ?? 0)
      const micros = amount === undefined ? left : signedMicros(amount)
      if (micros <= 0 || micros > left) throw invalidAmount('amount', `At most ${left} micro-units of this charge can still be refunded`)
      return walletService.credit(
        wallet.id,
        { amountMicros: micros, category: charge.category, reference: { type: 'ledger_entry', id: charge.id }, description: reason, actorId: actor.id },
        'refund',
        trx
      )
    })
  }

  /** Lets a trusted customer go below zero, down to minus this amount. */
  async setCreditLimit(tenant: TenantSnapshot, user: User, limit: string) {
    const wallet = await walletService.forUser(user.id, tenant.config.pricing.currency)
    const micros = signedMicros(limit, 'creditLimit')
    if (micros < 0) throw invalidAmount('creditLimit', 'The credit limit cannot be negative')
    await Wallet.query().where('id', wallet.id).update({ credit_limit_micros: micros })
    return Wallet.findOrFail(wallet.id)
  }
}

const walletAdmin = new WalletAdminService()
export default walletAdmin
