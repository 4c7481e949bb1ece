import { BaseSchema } from '@adonisjs/lucid/schema'

/** Every webhook event a tenant's gateway delivered, once: a replay hits the unique key. */
export default class extends BaseSchema {
  protected tableName = 'payment_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.string('gateway', 16).notNullable()
      table.string('event_id', 255).notNullable()
      table.string('type', 64).notNullable()
      table.integer('payment_id').unsigned().nullable()
      table.string('outcome', 32).notNullable()
      table.timestamp('created_at').notNullable()
      table.unique(['tenant_id', 'gateway', 'event_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
