import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Where a device is reachable, as the registrar reported it; a row counts while expires_at is
 * in the future. Routing reads it to know whether a user has any device online.
 */
export default class extends BaseSchema {
  protected tableName = 'sip_registrations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('device_id').unsigned().notNullable().references('id').inTable('sip_devices').onDelete('CASCADE')
      table.string('contact', 255).notNullable()
      table.string('user_agent', 128).nullable()
      table.string('received', 64).nullable()
      table.timestamp('expires_at').notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['device_id', 'contact'])
      table.index(['tenant_id', 'expires_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
