import encryption from '@adonisjs/core/services/encryption'
import { SECRET_PATHS } from './defaults.js'

const PREFIX = 'enc:'
const MASK = '••••••••'

/** Reads a dotted path from a plain object. */
export function getPath(doc: Record<string, any>, path: string): any {
  return path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), doc)
}

/** Writes a dotted path, creating the objects on the way. */
export function setPath(doc: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.')
  const last = keys.pop()!
  let node = doc
  for (const key of keys) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key]
  }
  node[last] = value
}

/** What an admin sees for a secret: that it is set and its last four characters. */
export function maskSecret(plain: string | null | undefined) {
  if (!plain) return null
  return plain.length > 8 ? `${MASK}${plain.slice(-4)}` : MASK
}

/** True when an incoming value is a mask we showed, i.e. "leave the secret as it is". */
export function isMask(value: unknown) {
  return typeof value === 'string' && value.startsWith(MASK)
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX)
}

export function encryptSecret(plain: string) {
  return PREFIX + encryption.encrypt(plain)
}

/** The plain secret, for the driver that needs it; never for display. */
export function decryptSecret(stored: string | null | undefined): string | null {
  if (!stored) return null
  if (!isEncrypted(stored)) return stored
  return (encryption.decrypt(stored.slice(PREFIX.length)) as string | null) ?? null
}

/**
 * Prepares an incoming document for validation: a secret sent back as its mask (or left
 * out) keeps the stored value, so editing other fields never wipes a key.
 */
export function keepUnchangedSecrets(incoming: Record<string, any>, stored: Record<string, any>) {
  for (const path of SECRET_PATHS) {
    const value = getPath(incoming, path)
    if (value === undefined || isMask(value)) setPath(incoming, path, getPath(stored, path) ?? null)
  }
  return incoming
}

/** Encrypts every secret that arrived in plain text, before the document is stored. */
export function sealSecrets(doc: Record<string, any>) {
  for (const path of SECRET_PATHS) {
    const value = getPath(doc, path)
    if (typeof value === 'string' && value !== '' && !isEncrypted(value)) {
      setPath(doc, path, encryptSecret(value))
    } else if (value === '') {
      setPath(doc, path, null)
    }
  }
  return doc
}

/** A copy of a stored document with every secret masked: the only form that leaves the server. */
export function maskSecrets(doc: Record<string, any>) {
  const copy = structuredClone(doc)
  for (const path of SECRET_PATHS) {
    const value = getPath(copy, path)
    if (value) setPath(copy, path, maskSecret(decryptSecret(value)))
  }
  return copy
}
