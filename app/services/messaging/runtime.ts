import logger from '@adonisjs/core/services/logger'
import messaging from '#telephony/messaging/manager'
import { outboxRunner } from './outbox.js'
import receipts from './receipts.js'

/**
 * What a worker process (or the quickstart's web process) runs for messaging: the outbox loop
 * and the platform's SMPP binds.
 */
export async function start() {
  outboxRunner.start()
  try {
    if (await messaging.openPlatformBinds()) logger.info('platform SMPP binds opened')
  } catch (error) {
    logger.error({ err: error }, 'the platform SMPP binds could not be opened; the outbox retries on each send')
  }
}

export async function stop() {
  await outboxRunner.stop()
  await receipts.flush()
  await messaging.restore()
}
