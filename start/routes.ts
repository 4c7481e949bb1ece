/**
 * Routes, split by surface. Tenant surfaces live on every brand host; the platform surface
 * lives on admin.<platform domain> only (see routes/platform.ts).
 */
import router from '@adonisjs/core/services/router'
import './routes/site.js'
import './routes/portal.js'
import './routes/admin.js'
import './routes/api_v1.js'
import './routes/webhooks.js'
import './routes/platform.js'
import './routes/numbers.js'
import './routes/devices.js'
import './routes/calls.js'
import './routes/voicemail.js'
import './routes/dialer.js'
import './routes/switch.js'
import './routes/messages_api.js'
import './routes/mms.js'
import './routes/bulk.js'
import './routes/messages_portal.js'

/** Liveness for load balancers: answered before tenant resolution, names nothing. */
router.get('/healthz', () => ({ status: 'ok' })).as('healthz')
