/**
 * Preloaded in every process (web, workers, tests): call changes made here are put on the live
 * events bus, so the SSE streams of every web process hear calls whichever process moved them.
 */
import liveCallEvents from '#services/calls/live_call_events'

liveCallEvents.forwardLocalChanges()
