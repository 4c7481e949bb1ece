import { BaseSchema } from '@adonisjs/lucid/schema'

/** Operators of the platform itself; they sign in on the platform host only. */
export default class extends BaseSchema {
  protected tableName = 'platform_users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('email', 254).notNullable().unique()
      table.string('password').notNullable()
      table.string('full_name', 120).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
