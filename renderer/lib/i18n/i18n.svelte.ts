import type { Language } from '../../../preload/contract'
import { dictionaries, type Strings } from './strings'

/** The UI language. pt-BR first; English is one switch away. */
class I18n {
  language = $state<Language>('pt-BR')
  readonly t: Strings = $derived(dictionaries[this.language])

  setLanguage = (language: Language): void => {
    this.language = language
    document.documentElement.lang = language
  }
}

export const i18n = new I18n()
