import { BaseSchema } from '@adonisjs/lucid/schema'

/** MMS attachments, sent or received; the bytes live in storage under the tenant's prefix. */
export default class extends BaseSchema {
  protected tableName = 'message_media'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('message_id').unsigned().nullable().references('id').inTable('messages').onDelete('CASCADE')
      table.string('storage_key', 255).notNullable().unique()
      table.string('content_type', 100).notNullable()
      table.integer('bytes').unsigned().notNullable()
      table.string('file_name', 255).nullable()
      table.timestamp('created_at').notNullable()
      table.index(['tenant_id', 'message_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
