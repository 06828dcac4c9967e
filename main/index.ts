import * as electron from 'electron'
import { startApp } from './app/startApp'

// Everything lives in startApp so the end-to-end tests can run the same composition root with
// an Electron double. This file is the only one that imports Electron at run time.
void startApp(electron)
