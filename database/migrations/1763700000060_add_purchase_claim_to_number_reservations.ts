import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A purchase in progress claims its reservation (a guarded update of `purchase_started_at`),
 * so two requests of one user for the same number cannot both order and pay for it. A claim
 * older than the purchase can take is stale and may be taken over.
 */
export default class extends BaseSchema {
  protected tableName = 'number_reservations'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.timestamp('purchase_started_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('purchase_started_at')
    })
  }
}
