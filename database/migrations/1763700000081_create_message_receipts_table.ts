import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Delivery receipts that arrived before the message they report on was recorded as sent (a
 * receipt can overtake its submit_sm_resp, or reach another worker's bind). They are applied
 * as soon as the carrier id is known, so no receipt is lost.
 */
export default class extends BaseSchema {
  protected tableName = 'message_receipts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('carrier', 48).notNullable()
      table.string('carrier_message_id', 96).notNullable()
      table.string('status', 12).notNullable()
      table.string('error_code', 32).nullable()
      table.timestamp('done_at', { precision: 3 }).nullable()
      table.timestamp('created_at', { precision: 3 }).notNullable()
      table.index(['carrier_message_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
