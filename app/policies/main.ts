/** Policies, loaded lazily by Bouncer. */
export const policies = {
  UserPolicy: () => import('./user_policy.js'),
}
