import { BaseSchema } from '@adonisjs/lucid/schema'

/** Hostnames that resolve to a tenant; a hostname belongs to one tenant only. */
export default class extends BaseSchema {
  protected tableName = 'tenant_domains'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.string('hostname', 253).notNullable().unique()
      table.enum('kind', ['platform_subdomain', 'custom']).notNullable()
      table.boolean('is_primary').notNullable().defaultTo(false)
      table.string('verification_token', 64).notNullable()
      table.timestamp('verified_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['tenant_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
