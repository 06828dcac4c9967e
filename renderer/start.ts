// The main window's app, imported by the entry (main.ts) once the pre-rendered dialer has its
// focus. Its styles are in the one stylesheet every page links (cssCodeSplit: false), so the
// pre-rendered dialer is styled before this code arrives.
import { flushSync, hydrate, mount } from 'svelte'
import App from './App.svelte'
import { APP_STARTED_MARK } from './lib/appStartedMark'
import './styles.css'

const NUMBER_FIELD_ID = 'dial-number'

/**
 * Starts the main window's app on `target`. A build's index.html already holds the dialer
 * (pre-rendered): the app takes over that DOM instead of drawing it again, and digits the rep
 * typed into the field before it did are kept (taking over resets the field to the store's value).
 */
export function startMainWindow(target: HTMLElement): void {
  if (target.firstChild) takeOver(target)
  // `npm start`'s dev server serves index.html as written: nothing to take over.
  else mount(App, { target })
  // For `npm run bench` (startup_app_ms): from here on every control of the window works.
  performance.mark(APP_STARTED_MARK)
}

function takeOver(target: HTMLElement): void {
  const typed = fieldValue()
  hydrate(App, { target })
  flushSync()
  if (typed === '') return
  const field = document.getElementById(NUMBER_FIELD_ID)
  if (!(field instanceof HTMLInputElement) || field.value === typed) return
  field.value = typed
  // The field's own input handler reads and checks the number, as if the rep typed it now.
  field.dispatchEvent(new Event('input', { bubbles: true }))
}

function fieldValue(): string {
  const field = document.getElementById(NUMBER_FIELD_ID)
  return field instanceof HTMLInputElement ? field.value : ''
}
