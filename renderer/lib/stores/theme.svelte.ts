import type { ThemeChoice } from '../../../preload/contract'

/** Light and dark follow the system unless the rep picked one. CSS does the rest. */
class Theme {
  choice = $state<ThemeChoice>('system')

  set = (choice: ThemeChoice): void => {
    this.choice = choice
    if (choice === 'system') delete document.documentElement.dataset['theme']
    else document.documentElement.dataset['theme'] = choice
  }
}

export const theme = new Theme()
