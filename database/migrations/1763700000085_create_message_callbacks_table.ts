import { BaseSchema } from '@adonisjs/lucid/schema'

/** Status callbacks to a user's URL: one row per status change, retried with backoff; the delivery log. */
export default class extends BaseSchema {
  protected tableName = 'message_callbacks'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('message_id').unsigned().notNullable().references('id').inTable('messages').onDelete('CASCADE')
      table.string('event', 16).notNullable()
      table.string('url', 500).notNullable()
      table.text('payload').notNullable()
      table.string('status', 12).notNullable()
      table.integer('attempts').unsigned().notNullable().defaultTo(0)
      table.timestamp('next_attempt_at', { precision: 3 }).nullable()
      table.string('claimed_by', 64).nullable()
      table.timestamp('claim_expires_at', { precision: 3 }).nullable()
      table.integer('response_status').nullable()
      table.string('last_error', 255).nullable()
      table.timestamp('delivered_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['status', 'next_attempt_at'])
      table.index(['tenant_id', 'user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
