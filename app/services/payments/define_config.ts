/**
 * The shape of config/payments.ts. Kept apart from the manager so the config file imports
 * nothing that needs the booted application.
 */
export interface PaymentsConfig {
  stripe: { apiBase: string | null; timeoutMs: number }
  paypal: { timeoutMs: number }
  fake: { signingKey: string }
  webhookToleranceSeconds: number
}

/** Types config/payments.ts (AdonisJS style). */
export function defineConfig(config: PaymentsConfig): PaymentsConfig {
  return config
}
