import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * SIP devices (softphones, apps, desk phones) of a brand's users. Only the digests are kept:
 * ha1 = md5(username:domain:password), ha1b = md5(username@domain:domain:password).
 */
export default class extends BaseSchema {
  protected tableName = 'sip_devices'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('name', 64).notNullable()
      table.string('kind', 16).notNullable()
      table.string('username', 64).notNullable()
      table.string('sip_domain', 253).notNullable()
      table.string('ha1', 32).notNullable()
      table.string('ha1b', 32).notNullable()
      table.string('status', 16).notNullable().defaultTo('active')
      table.timestamp('last_registered_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.unique(['sip_domain', 'username'])
      table.index(['tenant_id', 'user_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
