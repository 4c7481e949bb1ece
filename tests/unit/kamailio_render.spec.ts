import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import { KamailioConfigError, renderKamailioCfg, type KamailioOptions } from '#telephony/kamailio/render'
import { sipDigests } from '#services/devices/sip_credentials'

const base: KamailioOptions = {
  listen: ['udp:10.0.0.5:5060 advertise 203.0.113.5:5060'],
  dbUrl: 'mysql://kamailio:s3cret@10.0.0.9:3306/brandline',
  appUrl: 'http://10.0.0.7:3333/',
  appHost: 'admin.example.com',
  switchToken: 'tok_0123456789abcdef',
  carriers: ['203.0.113.10', '198.51.100.0/24', '192.0.2.7:5080'],
  gateways: ['10.0.0.20:5080'],
  runtimeDir: '/run/kamailio/',
}

test.group('Kamailio cfg renderer', () => {
  test('fills every value of the template', ({ assert }) => {
    const cfg = renderKamailioCfg(base)
    assert.notMatch(cfg, /\{\{[A-Z_]+\}\}/)
    assert.include(cfg, 'listen=udp:10.0.0.5:5060 advertise 203.0.113.5:5060')
    assert.include(cfg, 'modparam("auth_db", "db_url", "mysql://kamailio:s3cret@10.0.0.9:3306/brandline")')
    assert.include(cfg, '"http://10.0.0.7:3333/switch/v1/route"')
    assert.include(cfg, '"http://10.0.0.7:3333/switch/v1/registrations"')
    assert.include(cfg, 'Host: admin.example.com\\r\\nContent-Type: application/json\\r\\nAuthorization: Bearer tok_0123456789abcdef')
    assert.include(cfg, 'modparam("ctl", "binrpc", "unix:/run/kamailio/kamailio_ctl")')
    assert.include(cfg, 'if ($si == "203.0.113.10") {')
    assert.include(cfg, 'if (is_in_subnet("$si", "198.51.100.0/24")) {')
    assert.include(cfg, 'if ($si == "192.0.2.7" && $sp == 5080) {')
    assert.match(cfg, /\$si == "10\.0\.0\.20" && \$sp == 5080\) \{\n\t\t\$var\(source\) = "gateway";/)
    /** Settings TELEPHONY_LAB.md found to work with the app's view. */
    for (const line of [
      'modparam("usrloc", "db_mode", 0)',
      'modparam("usrloc", "use_domain", 1)',
      'modparam("auth_db", "calculate_ha1", 0)',
      'modparam("auth_db", "password_column", "ha1")',
      'modparam("auth_db", "version_table", 0)',
      'modparam("jsonrpcs", "transport", 2)',
    ]) {
      assert.include(cfg, line)
    }
  })

  test('no Host header when the URL already names the platform host', ({ assert }) => {
    const cfg = renderKamailioCfg({ ...base, appUrl: 'https://admin.example.com', appHost: 'admin.example.com' })
    assert.include(cfg, '"Content-Type: application/json\\r\\nAuthorization: Bearer tok_0123456789abcdef"')
    assert.notInclude(cfg, 'Host: admin.example.com')
  })

  test('refuses {0} that would change the script')
    .with([
      ['a token with a quote', { switchToken: 'abc"; exit; "defghij' }],
      ['a token with a line break', { switchToken: 'abcdefgh\r\nX-Evil: 1' }],
      ['a db url with a space', { dbUrl: 'mysql://k:p w@h/db' }],
      ['an app url that is not http', { appUrl: 'file:///etc/passwd' }],
      ['a carrier that is a host name', { carriers: ['carrier.example.com'] }],
      ['a carrier with code in it', { carriers: ['1.2.3.4") || (1'] }],
      ['a listen socket without a port', { listen: ['udp:10.0.0.5'] }],
      ['no listen socket', { listen: [] }],
      ['a relative runtime dir', { runtimeDir: 'run/kamailio' }],
      ['a log level out of range', { logLevel: 9 }],
    ] as [string, Partial<KamailioOptions>][])
    .run(({ assert }, [, options]) => {
      assert.throws(() => renderKamailioCfg({ ...base, ...options }), KamailioConfigError)
    })

  test('the digests the cfg checks are the ones the app stores', ({ assert }) => {
    const md5 = (text: string) => createHash('md5').update(text).digest('hex')
    assert.deepEqual(sipDigests('dabc', 'acme.sip.example', 'pw'), {
      ha1: md5('dabc:acme.sip.example:pw'),
      ha1b: md5('dabc@acme.sip.example:acme.sip.example:pw'),
    })
  })
})
