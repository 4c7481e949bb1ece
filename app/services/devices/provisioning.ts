import app from '@adonisjs/core/services/app'
import QRCode from 'qrcode'
import type SipDevice from '#models/sip_device'
import type { TelephonyConfig } from '#config/telephony'

/** What a device needs to register: shown to the user once, with the password. */
export interface SipSettings {
  domain: string
  username: string
  authUsername: string
  password: string
  proxy: { host: string; port: number; transport: 'udp' | 'tcp' | 'tls' }
}

/** The settings of a device, with the password just issued (it is never stored). */
export function sipSettings(device: SipDevice, password: string): SipSettings {
  const { sip } = app.config.get<TelephonyConfig>('telephony')
  return {
    domain: device.sipDomain,
    username: device.username,
    authUsername: device.username,
    password,
    proxy: { host: sip.proxyHost, port: Number(sip.proxyPort), transport: sip.transport },
  }
}

/**
 * The provisioning document a brand's app reads from the QR code: versioned JSON, so apps can
 * tell it from any other QR code and future versions can add fields.
 */
export function provisioningPayload(device: SipDevice, settings: SipSettings, appName: string) {
  return JSON.stringify({
    type: 'brandline.sip-provisioning',
    version: 1,
    app: appName,
    device: { name: device.name, kind: device.kind },
    account: {
      domain: settings.domain,
      username: settings.username,
      authUsername: settings.authUsername,
      password: settings.password,
    },
    proxy: settings.proxy,
  })
}

/** The payload as an SVG QR code (rendered here, so no script or third party sees the secret). */
export function qrSvg(payload: string) {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}

/** The same QR code as a data URL, for API clients that want an image. */
export async function qrDataUrl(payload: string) {
  return `data:image/svg+xml;base64,${Buffer.from(await qrSvg(payload)).toString('base64')}`
}
