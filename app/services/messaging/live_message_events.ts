import app from '@adonisjs/core/services/app'
import type { MessagingConfig } from '#config/messaging'
import { LiveEvents } from '#services/live_events'
import { messageFeed, type MessageChange } from './message_feed.js'

/** Whose messages a live stream carries: always one user of one brand. */
export interface MessageAudience {
  tenantId: number
  userId: number
}

/**
 * Message changes to the portal's live pages (SSE): the outbox worker moves statuses and takes
 * inbound messages, the web process serves the streams.
 */
const liveMessageEvents = new LiveEvents<MessageChange>({
  what: 'message',
  feed: messageFeed,
  settings: () => app.config.get<MessagingConfig>('messaging').liveEvents,
})
export default liveMessageEvents
