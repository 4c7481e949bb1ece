import { BaseSchema } from '@adonisjs/lucid/schema'

/** API tokens: one table for brand users, one for platform operators. Only hashes are kept. */
export default class extends BaseSchema {
  async up() {
    for (const [tableName, owners] of [
      ['auth_access_tokens', 'users'],
      ['platform_access_tokens', 'platform_users'],
    ]) {
      this.schema.createTable(tableName, (table) => {
        table.increments('id')
        table.integer('tokenable_id').unsigned().notNullable().references('id').inTable(owners).onDelete('CASCADE')
        table.string('type').notNullable()
        table.string('name').nullable()
        table.string('hash').notNullable()
        table.text('abilities').notNullable()
        table.timestamp('created_at')
        table.timestamp('updated_at')
        table.timestamp('last_used_at').nullable()
        table.timestamp('expires_at').nullable()
      })
    }
  }

  async down() {
    this.schema.dropTable('platform_access_tokens')
    this.schema.dropTable('auth_access_tokens')
  }
}
