const KEY = 'disca.onboarding.dismissed'

/** The first-run welcome shows until the rep sets a number or says "Agora não". */
class Onboarding {
  /** Decided once, when the settings first load, so saving the number mid-flow keeps it open. */
  active = $state(false)
  private decided = false

  decide = (ownNumberMissing: boolean): void => {
    if (this.decided) return
    this.decided = true
    this.active = ownNumberMissing && !readDismissed()
  }

  dismiss = (): void => {
    this.active = false
    try {
      localStorage.setItem(KEY, '1')
    } catch {
      // Storage may be unavailable; the welcome then simply shows again next time.
    }
  }
}

function readDismissed(): boolean {
  try {
    return localStorage.getItem(KEY) === '1'
  } catch {
    return false
  }
}

export const onboarding = new Onboarding()
