import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { brandHostOnly } from '#middleware/brand_host_only'

const VoicemailsController = () => import('#controllers/api/voicemails_controller')
const PortalVoicemailController = () => import('#controllers/portal/voicemail_controller')

const id = router.matchers.number()
const voicemail = () => middleware.feature({ name: 'voicemail' })

/** The token holder's voicemail box; `:id` is a voicemails row of theirs. */
router
  .group(() => {
    router.get('/voicemails', [VoicemailsController, 'index']).as('voicemails.index')
    router.get('/voicemails/:id', [VoicemailsController, 'show']).where('id', id).as('voicemails.show')
    router.get('/voicemails/:id/audio', [VoicemailsController, 'audio']).where('id', id).as('voicemails.audio')
    router.put('/voicemails/:id/read', [VoicemailsController, 'read']).where('id', id).as('voicemails.read')
    router.delete('/voicemails/:id', [VoicemailsController, 'destroy']).where('id', id).as('voicemails.destroy')
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([brandHostOnly, middleware.forceJson(), middleware.auth({ guards: ['api'] }), voicemail()])

/** The portal's voicemail box; `:id` is a voicemails row of the signed-in user. */
router
  .group(() => {
    router.get('/voicemail', [PortalVoicemailController, 'index']).as('voicemail.index')
    router.get('/voicemail/:id/audio', [PortalVoicemailController, 'audio']).where('id', id).as('voicemail.audio')
    router.put('/voicemail/:id/read', [PortalVoicemailController, 'read']).where('id', id).as('voicemail.read')
    router.delete('/voicemail/:id', [PortalVoicemailController, 'destroy']).where('id', id).as('voicemail.destroy')
  })
  .prefix('/portal')
  .as('portal')
  .use([brandHostOnly, middleware.session(), middleware.csrf(), middleware.auth({ guards: ['web'], redirectTo: '/portal/login' }), voicemail()])
