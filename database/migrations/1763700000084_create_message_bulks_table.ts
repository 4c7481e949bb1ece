import { BaseSchema } from '@adonisjs/lucid/schema'

/** A bulk send: one template to many recipients, throttled, optionally scheduled; each recipient is a message row. */
export default class extends BaseSchema {
  protected tableName = 'message_bulks'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('phone_number_id').unsigned().nullable()
      table.string('name', 120).nullable()
      table.text('template').notNullable()
      table.integer('total').unsigned().notNullable()
      table.integer('per_minute').unsigned().nullable()
      table.timestamp('starts_at', { precision: 3 }).nullable()
      table.string('status', 12).notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['tenant_id', 'user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
