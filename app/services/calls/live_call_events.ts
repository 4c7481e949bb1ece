import app from '@adonisjs/core/services/app'
import type { TelephonyConfig } from '#config/telephony'
import { LiveEvents, type LiveAudience } from '#services/live_events'
import { callFeed, type CallChange } from './call_feed.js'

export type { LiveAudience }
export type LiveListener = (change: CallChange) => void

/** Call changes to the live call pages and the apps' call streams (one user's, or the brand's for staff). */
const liveCallEvents = new LiveEvents<CallChange>({
  what: 'call',
  feed: callFeed,
  settings: () => app.config.get<TelephonyConfig>('telephony').liveEvents,
})
export default liveCallEvents
