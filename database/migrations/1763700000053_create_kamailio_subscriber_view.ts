import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What Kamailio's auth_db reads: enabled devices of active users of active brands, digests only.
 * Kamailio's database user is granted SELECT on this view and nothing else
 * (telephony/kamailio/README.md).
 */
export default class extends BaseSchema {
  async up() {
    /** migration:fresh drops tables but not views: replace a view left from an earlier schema. */
    this.schema.raw('DROP VIEW IF EXISTS kamailio_subscriber')
    this.schema.raw(`
      CREATE VIEW kamailio_subscriber AS
      SELECT d.id AS id, d.username AS username, d.sip_domain AS domain, d.ha1 AS ha1, d.ha1b AS ha1b,
             d.tenant_id AS tenant_id, d.user_id AS user_id
      FROM sip_devices d
      JOIN tenants t ON t.id = d.tenant_id
      JOIN users u ON u.id = d.user_id
      WHERE d.status = 'active' AND t.status = 'active' AND u.status = 'active'
    `)
  }

  async down() {
    this.schema.raw('DROP VIEW IF EXISTS kamailio_subscriber')
  }
}
