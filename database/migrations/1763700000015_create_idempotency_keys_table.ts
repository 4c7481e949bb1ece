import { BaseSchema } from '@adonisjs/lucid/schema'

/** Stripe-style idempotency: the first answer to a key is kept and replayed for 24 hours. */
export default class extends BaseSchema {
  protected tableName = 'idempotency_keys'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.string('owner', 64).notNullable()
      table.string('idempotency_key', 255).notNullable()
      table.string('request_hash', 64).notNullable()
      table.string('status', 16).notNullable()
      table.integer('response_status').nullable()
      table.text('response_body', 'mediumtext').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['tenant_id', 'owner', 'idempotency_key'])
      table.index(['created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
