import scheduler from '#jobs/scheduler'
import { callbackDispatcher } from '#services/messaging/callback_dispatcher'
import '#services/messaging/callbacks'

/** Posts due message status callbacks (and retries) every few seconds, a pass until none is due. */
scheduler.register({ name: 'messages.callbacks', everySeconds: 3, run: () => callbackDispatcher.drain() })
