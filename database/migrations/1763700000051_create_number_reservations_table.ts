import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A number held for one user while they decide (15 minutes). E.164 is unique across the
 * platform: an unexpired reservation keeps everyone else, of any brand, from buying it.
 */
export default class extends BaseSchema {
  protected tableName = 'number_reservations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('e164', 16).notNullable().unique()
      table.string('country', 2).notNullable()
      table.string('type', 16).notNullable()
      table.string('provider', 32).notNullable()
      /** The offer as the provider made it (region, capabilities, provider id), JSON. */
      table.text('offer').notNullable()
      table.timestamp('expires_at').notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['tenant_id', 'user_id'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
