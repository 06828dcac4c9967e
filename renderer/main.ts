import { afterFirstPaint } from './lib/afterFirstPaint'

const target = document.getElementById('app')
if (!target) throw new Error('#app is missing from index.html')

// index.html holds the dialer, pre-rendered at build (scripts/build/prerender.ts), and an inline
// line that focused its number field as soon as it was parsed (scripts/build/inlineStart.ts), so
// the rep can type before any of the app's code has arrived. The app is fetched at once and takes
// over the same DOM after the first paint (start.ts).
const loading = import('./start')
void afterFirstPaint()
  .then(() => loading)
  .then(({ startMainWindow }) => startMainWindow(target))
