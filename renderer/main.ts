import { mount } from 'svelte'
import App from './App.svelte'
import QuickDialApp from './QuickDialApp.svelte'
import './styles.css'

const target = document.getElementById('app')
if (!target) throw new Error('#app is missing from index.html')
// One bundle, two windows: main loads the quick-dial popup at this hash.
if (location.hash === '#quick-dial') mount(QuickDialApp, { target })
else mount(App, { target })
