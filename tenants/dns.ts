import { promises as dns } from 'node:dns'

/** Looks up DNS TXT records; swapped for a fake in tests so they need no network. */
export interface DnsTxtResolver {
  resolveTxt(name: string): Promise<string[][]>
}

/** The real resolver: the system's DNS, with a short timeout so a verify click never hangs. */
export class SystemDnsResolver implements DnsTxtResolver {
  #resolver = new dns.Resolver({ timeout: 3000, tries: 2 })

  async resolveTxt(name: string) {
    try {
      return await this.#resolver.resolveTxt(name)
    } catch (error: any) {
      if (['ENOTFOUND', 'ENODATA', 'ESERVFAIL', 'ETIMEOUT', 'ECONNREFUSED'].includes(error?.code)) return []
      throw error
    }
  }
}
