import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const RoutingController = () => import('#controllers/switch/routing_controller')
const RegistrationsController = () => import('#controllers/switch/registrations_controller')

const { platformDomain, platformSubdomain } = app.config.get<{ platformDomain: string; platformSubdomain: string }>('tenancy')

/**
 * The switch API: what our Kamailio and FreeSWITCH ask the platform (where a call goes, which
 * devices are online). It lives on the platform host only, behind the switch token; each
 * request names the brand through the device or number it is about.
 */
router
  .group(() => {
    router.post('/route', [RoutingController, 'decide']).as('route')
    router.post('/registrations', [RegistrationsController, 'store']).as('registrations.store')
  })
  .prefix('/switch/v1')
  .as('switch.v1')
  .domain(`${platformSubdomain}.${platformDomain}`)
  .use([middleware.forceJson(), middleware.switchAuth()])
