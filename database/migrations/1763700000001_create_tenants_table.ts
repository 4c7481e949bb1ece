import { BaseSchema } from '@adonisjs/lucid/schema'

/** Reseller brands; a brand may itself sit under a parent reseller. */
export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('slug', 63).notNullable().unique()
      table.string('name', 120).notNullable()
      table.enum('status', ['active', 'suspended']).notNullable().defaultTo('active')
      table.integer('parent_id').unsigned().nullable().references('id').inTable('tenants').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
