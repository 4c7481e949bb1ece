import { Exception } from '@adonisjs/core/exceptions'

/**
 * A brand's telephony settings cannot make a voice driver (unknown model, no hosts, no
 * password). The message names the setting to fix; callers show users a 502 instead.
 */
export class VoiceConfigError extends Exception {
  static status = 503
  static code = 'VOICE_NOT_CONFIGURED'
}

/** The switch could not place or control a call: the API answers 502 GATEWAY_UNAVAILABLE so clients may retry. */
export class VoiceUnavailableError extends Exception {
  static status = 502
  static code = 'GATEWAY_UNAVAILABLE'
}

/**
 * The switch has no such call (it ended there, or the switch restarted): callers may close the
 * record themselves, at the talk time already held, as the call hold guard does.
 */
export class CallNotOnSwitchError extends Error {
  constructor(readonly switchRef: string) {
    super(`No live call ${switchRef} on the switch`)
  }
}
