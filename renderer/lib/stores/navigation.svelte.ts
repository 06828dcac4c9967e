export type Screen = 'dialer' | 'history' | 'lists' | 'settings'

/** Which screen is showing, and the one way another screen hands a number to the dialer. */
export class Navigation {
  screen = $state<Screen>('dialer')

  private prefillDialer: ((input: string) => void) | null = null

  go = (screen: Screen): void => {
    this.screen = screen
  }

  /** The app connects the dialer's pre-fill (the path tel: links take). Returns the cleanup. */
  connectDialer = (prefill: (input: string) => void): (() => void) => {
    this.prefillDialer = prefill
    return () => {
      if (this.prefillDialer === prefill) this.prefillDialer = null
    }
  }

  /**
   * "Ligar de novo": pre-fills the dialer and shows it. Nothing is dialled here: the rep presses
   * Ligar and confirms as for any number.
   */
  callAgain = (input: string): void => {
    this.prefillDialer?.(input)
    this.go('dialer')
  }
}

export const navigation = new Navigation()
