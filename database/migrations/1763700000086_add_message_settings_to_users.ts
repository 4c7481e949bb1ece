import { BaseSchema } from '@adonisjs/lucid/schema'

/** Where a user's message status callbacks go, the secret they are signed with (encrypted at rest), and the user's time zone. */
export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('message_callback_url', 500).nullable()
      table.text('message_callback_secret').nullable()
      /** IANA zone scheduled messages are written in when the request names none. */
      table.string('time_zone', 64).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('message_callback_url')
      table.dropColumn('message_callback_secret')
      table.dropColumn('time_zone')
    })
  }
}
