import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per stored recording: the audio key names the switch's message, so a voicemail event
 * delivered twice (two workers, a replay after a reconnect) cannot make two rows for one file.
 */
export default class extends BaseSchema {
  protected tableName = 'voicemails'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.unique(['audio_key'])
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropUnique(['audio_key'])
    })
  }
}
