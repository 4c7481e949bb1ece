import logger from '@adonisjs/core/services/logger'
import { JSONTransport } from '@adonisjs/mail/transports/json'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * The quickstart's mailer: renders the message like a real transport would, then writes
 * recipient, subject and text to the log so a developer can follow links (password resets).
 */
export class LogMailTransport implements MailTransportContract {
  #json = new JSONTransport()

  /** Renders the message and logs it instead of delivering it. */
  async send(message: NodeMailerMessage) {
    const response = await this.#json.send(message)
    logger.info({ to: message.to, subject: message.subject }, `mail (logged, not sent)\n${message.text ?? ''}`)
    return response
  }
}
