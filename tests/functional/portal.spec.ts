import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import { ACME, GLOBEX, DEMO_PASSWORD, throwawayBrand, userOf } from '#tests/helpers'

test.group('Portal', () => {
  test('sign up, land on the dashboard, log out', async ({ client, assert }) => {
    const { host } = await throwawayBrand()
    const signup = await client.post('/portal/signup').header('host', host)
      .form({ fullName: 'Pat Portal', email: 'pat@portal.test', password: 'a-long-password' }).withCsrfToken().redirects(0)
    signup.assertStatus(302)
    assert.equal(signup.header('location'), '/portal')
    const cookie = signup.cookie('brandline-session')
    assert.exists(cookie)
  })

  test('log in with the form: end users go to the portal, staff to the admin', async ({ client, assert }) => {
    const user = await client.post('/portal/login').header('host', ACME).form({ email: 'ann@acme.test', password: DEMO_PASSWORD }).withCsrfToken().redirects(0)
    user.assertStatus(302)
    assert.equal(user.header('location'), '/portal')
    const staff = await client.post('/portal/login').header('host', ACME).form({ email: 'admin@acme.test', password: DEMO_PASSWORD }).withCsrfToken().redirects(0)
    assert.equal(staff.header('location'), '/admin')
    const wrong = await client.post('/portal/login').header('host', GLOBEX).form({ email: 'ann@acme.test', password: DEMO_PASSWORD }).withCsrfToken().redirects(0)
    wrong.assertStatus(302)
    wrong.assertFlashMessage('error', 'Email or password is incorrect.')
  })

  test('a form post without the CSRF token is refused', async ({ client }) => {
    const response = await client.post('/portal/login').header('host', ACME).form({ email: 'ann@acme.test', password: DEMO_PASSWORD }).redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('errorsBag', { E_BAD_CSRF_TOKEN: 'Invalid or expired CSRF token' })
  })

  test('the dashboard shows the signed-in user, in the brand\'s look', async ({ client, assert }) => {
    const ann = await userOf('acme', 'ann@acme.test')
    const page = await client.get('/portal').header('host', ACME).withGuard('web').loginAs(ann)
    page.assertStatus(200)
    assert.include(page.text(), 'ann@acme.test')
    assert.include(page.text(), 'Acme Voice')
    const guest = await client.get('/portal').header('host', ACME).redirects(0)
    guest.assertStatus(302)
    assert.equal(guest.header('location'), '/portal/login')
  })

  test('profile and password changes, with field errors', async ({ client, assert }) => {
    const { host, member } = await throwawayBrand()
    const saved = await client.put('/portal/profile').header('host', host).withGuard('web').loginAs(member)
      .form({ fullName: 'New Name', email: member.email }).withCsrfToken().redirects(0)
    saved.assertStatus(302)
    const page = await client.get('/portal/profile').header('host', host).withGuard('web').loginAs(member)
    assert.include(page.text(), 'New Name')
    const bad = await client.put('/portal/password').header('host', host).withGuard('web').loginAs(member)
      .form({ currentPassword: 'wrong-one', password: 'brand-new-password', passwordConfirmation: 'brand-new-password' }).withCsrfToken().redirects(0)
    bad.assertStatus(302)
    bad.assertFlashMessage('inputErrorsBag', { currentPassword: ['The current password is incorrect'] })
  })

  test('password reset by email, once, on the brand that sent it', async ({ client, assert, cleanup }) => {
    const { messages } = mail.fake()
    cleanup(() => mail.restore())
    const { host, member } = await throwawayBrand({ support: { email: 'help@reset.test' } })
    const asked = await client.post('/portal/forgot-password').header('host', host).form({ email: member.email }).withCsrfToken().redirects(0)
    asked.assertStatus(302)
    const sent = messages.sent()
    assert.lengthOf(sent, 1)
    const text = sent[0].toJSON().message.text as string
    const link = text.match(/https?:\/\/\S+\/portal\/reset-password\/(\S+)/)
    assert.exists(link, text)
    assert.include(link![0], host)
    const token = link![1]

    const elsewhere = await client.get(`/portal/reset-password/${token}`).header('host', ACME)
    elsewhere.assertStatus(404)
    const form = await client.get(`/portal/reset-password/${token}`).header('host', host)
    form.assertStatus(200)
    const reset = await client.post(`/portal/reset-password/${token}`).header('host', host)
      .form({ password: 'a-fresh-password', passwordConfirmation: 'a-fresh-password' }).withCsrfToken().redirects(0)
    reset.assertStatus(302)
    assert.equal(reset.header('location'), '/portal/login')
    const login = await client.post('/api/v1/auth/login').header('host', host).json({ email: member.email, password: 'a-fresh-password' })
    login.assertStatus(200)
    const reused = await client.get(`/portal/reset-password/${token}`).header('host', host)
    reused.assertStatus(404)

    await client.post('/portal/forgot-password').header('host', host).form({ email: 'nobody@reset.test' }).withCsrfToken()
    assert.lengthOf(messages.sent(), 1)
  })
})
