import { BaseSchema } from '@adonisjs/lucid/schema'

/** Destinations that texted STOP to one of the brand's numbers: the brand may not text them until UNSTOP. */
export default class extends BaseSchema {
  protected tableName = 'message_opt_outs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.string('contact', 32).notNullable()
      /** The brand number the STOP was sent to. */
      table.string('via_number', 32).nullable()
      table.string('keyword', 16).notNullable()
      table.timestamp('created_at').notNullable()
      table.unique(['tenant_id', 'contact'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
