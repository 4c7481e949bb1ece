/**
 * Preloaded in every process (web, workers, tests): message changes made here (the outbox's
 * status moves, inbound messages) are put on the live events bus, so the portal's SSE streams
 * in every web process hear them.
 */
import liveMessageEvents from '#services/messaging/live_message_events'

liveMessageEvents.forwardLocalChanges()
