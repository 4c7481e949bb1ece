import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ApiDevicesController = () => import('#controllers/api/devices_controller')
const PortalDevicesController = () => import('#controllers/portal/devices_controller')

const id = router.matchers.number()
const gates = () => [middleware.feature({ name: 'voice' }), middleware.feature({ name: 'sip_devices' })]

/** SIP devices in the API; :id is a sip_devices row of the token holder. */
router
  .group(() => {
    router.get('/devices', [ApiDevicesController, 'index']).as('devices.index')
    router.post('/device/register', [ApiDevicesController, 'store']).as('device.register')
    router.delete('/device/:id', [ApiDevicesController, 'destroy']).where('id', id).as('device.destroy')
    router.put('/device/:id/status', [ApiDevicesController, 'status']).where('id', id).as('device.status')
    router.post('/device/:id/password', [ApiDevicesController, 'password']).where('id', id).as('device.password')
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([middleware.forceJson(), middleware.auth({ guards: ['api'] }), ...gates()])

/** SIP devices in the portal; :id is a sip_devices row of the signed-in user. */
router
  .group(() => {
    router.get('/devices', [PortalDevicesController, 'index']).as('devices.index')
    router.post('/devices', [PortalDevicesController, 'store']).as('devices.store')
    router.put('/devices/:id/status', [PortalDevicesController, 'status']).where('id', id).as('devices.status')
    router.post('/devices/:id/password', [PortalDevicesController, 'password']).where('id', id).as('devices.password')
    router.delete('/devices/:id', [PortalDevicesController, 'destroy']).where('id', id).as('devices.destroy')
  })
  .prefix('/portal')
  .as('portal')
  .use([
    middleware.session(),
    middleware.csrf(),
    middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }),
    ...gates(),
  ])
