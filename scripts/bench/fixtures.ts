// Bench fixtures that import nothing of the app (main_ready times the app's imports; the child
// processes bundle this file without the app).
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

/** Resolves once `count()` (e.g. the demo simulator's requests) has not changed for `quietMs`. */
export async function quietFor(count: () => number, quietMs = 300, maxMs = 5_000): Promise<void> {
  const until = Date.now() + maxMs
  let seen = -1
  let quietSince = Date.now()
  while (Date.now() < until) {
    const now = count()
    if (now !== seen) {
      seen = now
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= quietMs) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
