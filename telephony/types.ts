/**
 * Telephony deployment models a brand can run on (see DESIGN.md, "one contract, a driver per
 * deployment model"). The tenant config chooses one; the driver manager that acts on it
 * arrives with the numbers-and-calls work.
 */
export const DEPLOYMENT_MODELS = ['simulated', 'saas', 'dedicated', 'on_premise', 'hybrid'] as const

export type DeploymentModel = (typeof DEPLOYMENT_MODELS)[number]
