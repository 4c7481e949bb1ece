import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The numbers issue: where a number came from (provider and its reference), what it can do,
 * where it is, what its purchase cost, and when it was bought or released.
 */
export default class extends BaseSchema {
  protected tableName = 'phone_numbers'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('provider', 32).notNullable().defaultTo('simulated')
      table.string('provider_ref', 64).nullable()
      table.string('region', 64).nullable()
      table.string('locality', 64).nullable()
      table.boolean('voice_enabled').notNullable().defaultTo(true)
      table.boolean('sms_enabled').notNullable().defaultTo(true)
      table.boolean('mms_enabled').notNullable().defaultTo(false)
      table.bigInteger('setup_price_micros').notNullable().defaultTo(0)
      table.timestamp('purchased_at').nullable()
      table.timestamp('released_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      for (const name of ['provider', 'provider_ref', 'region', 'locality', 'voice_enabled', 'sms_enabled', 'mms_enabled', 'setup_price_micros', 'purchased_at', 'released_at']) {
        table.dropColumn(name)
      }
    })
  }
}
