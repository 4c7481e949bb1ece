import { Exception } from '@adonisjs/core/exceptions'

/** A config patch that is not even an object. Field errors come from VineJS instead. */
export class InvalidConfigException extends Exception {
  static status = 422
  static code = 'E_VALIDATION_ERROR'

  static notAnObject() {
    return new InvalidConfigException('The config update must be a JSON object')
  }
}

/** Two admins saved at once; the second must reload and retry. */
export class ConfigConflictException extends Exception {
  static status = 409
  static code = 'CONFIG_CONFLICT'
  static message = 'The config was changed by someone else meanwhile; reload and try again'
}
