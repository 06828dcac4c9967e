// Bench fixtures that import nothing of the app (main_ready times the app's imports).
import type { SecretStore } from '../../main/ports'

export const OWN_NUMBER = '+5511912345678'

/** No token stored: the app runs in demo mode against its own simulator. */
export function emptySecretStore(): SecretStore {
  const values = new Map<string, string>()
  return {
    get: async (account) => values.get(account) ?? null,
    set: async (account, value) => void values.set(account, value),
    delete: async (account) => values.delete(account),
  }
}
