import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import scheduler from '#jobs/scheduler'
import type { MessagingConfig } from '#config/messaging'
import { dbTimeMs } from '#services/db_time'
import { outbox } from '#services/messaging/outbox'

/**
 * A message the carrier accepted but never reported on is expired after the receipt timeout
 * (it was paid on acceptance, so no money moves). Parked receipts nobody claimed in that time
 * are dropped.
 */
export async function expireSilentMessages(now = DateTime.now()) {
  const { receiptTimeoutHours } = app.config.get<MessagingConfig>('messaging').outbox
  const cutoff = dbTimeMs(now.minus({ hours: receiptTimeoutHours }))
  const expired = await db
    .from('messages')
    .where('status', 'sent')
    .where('sent_at', '<', cutoff)
    .update({ status: 'expired', failed_at: dbTimeMs(now), error_code: 'NO_RECEIPT', updated_at: dbTimeMs(now) })
  await db.from('message_receipts').where('created_at', '<', cutoff).delete()
  return Number(Array.isArray(expired) ? expired[0] : expired)
}

scheduler.register({ name: 'messages.expire', everySeconds: 3600, run: () => expireSilentMessages() })
/**
 * `--once=messages.outbox` drains what is due now (cron-style deployments); workers run the outbox
 * continuously, so the interval is only a daily safety pass (setInterval cannot wait longer than
 * ~24.8 days: a year overflowed to 1 ms and made every worker drain back to back).
 */
scheduler.register({ name: 'messages.outbox', everySeconds: 24 * 3600, run: () => outbox.drain() })
