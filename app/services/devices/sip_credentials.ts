import { createHash, randomInt } from 'node:crypto'

/** Lower-case letters and digits without look-alikes (no 0/o, 1/l/i), easy to type on a desk phone. */
const USERNAME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'

/** Letters drawn with the CSPRNG, each uniformly (randomInt rejects biased draws). */
function randomString(alphabet: string, length: number) {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/** A SIP username with no link to the user's id or email: 12 random characters (~59 bits). */
export function newSipUsername() {
  return `d${randomString(USERNAME_ALPHABET, 11)}`
}

/** A device password of 24 random characters (~138 bits), letters and digits only for keypads. */
export function newSipPassword() {
  return randomString(PASSWORD_ALPHABET, 24)
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

/**
 * The digests Kamailio's auth_db checks (calculate_ha1 0): ha1 for `username` in the realm,
 * ha1b for user agents that send `username@domain` as their auth user.
 */
export function sipDigests(username: string, domain: string, password: string) {
  return {
    ha1: md5(`${username}:${domain}:${password}`),
    ha1b: md5(`${username}@${domain}:${domain}:${password}`),
  }
}
