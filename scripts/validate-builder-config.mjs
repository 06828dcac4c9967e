#!/usr/bin/env node
// Validates electron-builder.yml against electron-builder's own schema, offline.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import { DebugLogger } from 'builder-util'
import path from 'node:path'

const projectDir = path.resolve(import.meta.dirname, '..')
const config = await getConfig(projectDir, path.join(projectDir, 'electron-builder.yml'), null)
await validateConfiguration(config, new DebugLogger(false))

// The fuses are part of the security bar (S10): fail when one is missing or loosened.
const expectedFuses = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
}
for (const [fuse, value] of Object.entries(expectedFuses)) {
  if (config.electronFuses?.[fuse] !== value) {
    console.error(`electron-builder.yml: electronFuses.${fuse} must be ${value}`)
    process.exit(1)
  }
}
if (config.npmRebuild !== false) {
  console.error(
    'electron-builder.yml: npmRebuild must be false (keytar is N-API, built at install)',
  )
  process.exit(1)
}
console.log('electron-builder.yml is valid; fuses locked down')
