import { getPath } from '#tenants/config/secrets'

/**
 * What an admin form shows in each field: what the admin just sent when the form bounced
 * back with errors (so nothing typed is lost), else the saved value.
 */
export class FormValues {
  constructor(
    private saved: Record<string, any>,
    private old: Record<string, any> | null
  ) {}

  /** Builds the values from the request's flash messages; input counts only when errors came with it. */
  static from(saved: Record<string, any>, flash: { has(key: string): boolean; all(): Record<string, any> }) {
    return new FormValues(saved, flash.has('inputErrorsBag') ? flash.all() : null)
  }

  /** True when the form came back with errors, i.e. what the admin typed is available. */
  get bounced() {
    return this.old !== null
  }

  /** A text field's value; a field the bounced form did not carry falls back to the saved one. */
  value(path: string) {
    const sent = this.old ? getPath(this.old, path) : undefined
    return (sent !== undefined ? sent : getPath(this.saved, path)) ?? ''
  }

  /** A checkbox: an unticked box is absent from what the browser sends, so absent means false. */
  checked(path: string) {
    return Boolean(getPath(this.old ?? this.saved, path))
  }
}
