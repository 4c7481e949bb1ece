import type SipDevice from '#models/sip_device'
import { qrDataUrl } from './provisioning.js'
import type { IssuedCredentials } from './device_service.js'

/** A device as the API shows it: never a digest, never a password. */
export function serializeDevice(device: SipDevice, online: boolean) {
  return {
    id: device.id,
    name: device.name,
    kind: device.kind,
    username: device.username,
    domain: device.sipDomain,
    aor: `sip:${device.username}@${device.sipDomain}`,
    status: device.status,
    online: device.status === 'active' && online,
    lastRegisteredAt: device.lastRegisteredAt?.toISO() ?? null,
    createdAt: device.createdAt.toISO(),
  }
}

/** The one answer that carries the password: the device, its SIP settings and the QR payload. */
export async function serializeCredentials(issued: IssuedCredentials, online = false) {
  return {
    device: serializeDevice(issued.device, online),
    sip: issued.settings,
    provisioning: { payload: issued.provisioning, qrCode: await qrDataUrl(issued.provisioning) },
  }
}
