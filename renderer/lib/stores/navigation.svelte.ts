export type Screen = 'dialer' | 'history' | 'settings'

/** Which screen is showing. */
class Navigation {
  screen = $state<Screen>('dialer')

  go = (screen: Screen): void => {
    this.screen = screen
  }
}

export const navigation = new Navigation()
