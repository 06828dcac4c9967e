import { mount } from 'svelte'
import QuickDialApp from './QuickDialApp.svelte'
import './styles.css'

// The quick-dial popup's page (quick-dial.html): drawn here, never pre-rendered.
const target = document.getElementById('app')
if (!target) throw new Error('#app is missing from quick-dial.html')
mount(QuickDialApp, { target })
