#!/usr/bin/env node
// Validates electron-builder.yml against electron-builder's own schema, offline.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import { DebugLogger } from 'builder-util'
import path from 'node:path'

const projectDir = path.resolve(import.meta.dirname, '..')
const config = await getConfig(projectDir, path.join(projectDir, 'electron-builder.yml'), null)
await validateConfiguration(config, new DebugLogger(false))
console.log('electron-builder.yml is valid')
