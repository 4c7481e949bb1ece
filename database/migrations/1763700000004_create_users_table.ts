import { BaseSchema } from '@adonisjs/lucid/schema'

/** A brand's people: its owner, admins, support staff and end users. Email is unique per brand. */
export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.string('email', 254).notNullable()
      table.string('password').notNullable()
      table.string('full_name', 120).nullable()
      table.enum('role', ['owner', 'admin', 'support', 'user']).notNullable().defaultTo('user')
      table.enum('status', ['active', 'suspended']).notNullable().defaultTo('active')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['tenant_id', 'email'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
