import router from '@adonisjs/core/services/router'

const PagesController = () => import('#controllers/site/pages_controller')

/** A brand's public marketing site. */
router
  .group(() => {
    router.get('/', [PagesController, 'landing']).as('landing')
    router.get('/features', [PagesController, 'features']).as('features')
    router.get('/features/:feature', [PagesController, 'feature']).as('feature')
    router.get('/pricing', [PagesController, 'pricing']).as('pricing')
    router.get('/legal/:page', [PagesController, 'legal']).as('legal')
    router.get('/faq', [PagesController, 'faq']).as('faq')
    router.get('/support', [PagesController, 'support']).as('support')
  })
  .as('site')
