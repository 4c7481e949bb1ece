import { BaseSchema } from '@adonisjs/lucid/schema'

/** Messages left on a user's number; the audio lives in storage under the tenant's prefix. */
export default class extends BaseSchema {
  protected tableName = 'voicemails'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('phone_number_id').unsigned().nullable()
      table.string('call_uuid', 36).nullable()
      table.string('caller', 64).notNullable()
      table.integer('duration_seconds').notNullable()
      table.string('audio_key', 255).notNullable()
      table.string('audio_type', 32).notNullable()
      table.integer('audio_bytes').unsigned().notNullable()
      table.timestamp('read_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['call_uuid'])
      table.index(['tenant_id', 'user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
