/**
 * The REAL keychain: keytar over libsecret against gnome-keyring. The test runner wraps vitest in
 *
 *   XDG_DATA_HOME="$(mktemp -d)" dbus-run-session -- sh -c \
 *     'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest …'
 *
 * Without that session these tests fail on purpose (never skip): a silently skipped keychain test
 * is how a broken keychain ships.
 *
 * The failure modes run the adapter in child processes (test/main/adapters/keychainProbe.ts),
 * each with its own D-Bus environment: libsecret caches the session bus once connected, so
 * changing DBUS_SESSION_BUS_ADDRESS in this process would prove nothing.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarSecretStore } from '../../../main/adapters/keytarSecretStore'
import type { ProbeResult } from './keychainProbe'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PROBE = 'test/main/adapters/keychainProbe.ts'
const HOW_TO_RUN =
  'run under: XDG_DATA_HOME="$(mktemp -d)" dbus-run-session -- sh -c \'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest run --project main test/main/adapters\''

/** One service name per run, so runs never see each other's entries. */
const SERVICE = `Disca-test-${process.pid}-${randomBytes(4).toString('hex')}`

function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: REPO_ROOT, env, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stderr}`))
      else resolve({ stdout, stderr })
    })
  })
}

function parseProbe(stdout: string): ProbeResult {
  const line = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(line) as ProbeResult
}

/** Environment for a child that must not reach this run's keyring in any way. */
function isolatedEnv(extra: NodeJS.ProcessEnv, remove: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const name of ['GNOME_KEYRING_CONTROL', 'DISPLAY', 'WAYLAND_DISPLAY', ...remove]) {
    delete env[name]
  }
  return env
}

const probeArgs = (operation: 'get' | 'set' | 'delete') => [
  '--import',
  'tsx',
  PROBE,
  operation,
  `${SERVICE}-probe`,
]

describe('real keychain (gnome-keyring over D-Bus)', () => {
  it('runs inside a D-Bus session', () => {
    expect(
      process.env.DBUS_SESSION_BUS_ADDRESS,
      `DBUS_SESSION_BUS_ADDRESS is not set; ${HOW_TO_RUN}`,
    ).toBeTruthy()
  })

  it('round-trips: set, get, replace, delete, get → null', async () => {
    const store = createKeytarSecretStore({ service: SERVICE })
    try {
      expect(await store.get('token')).toBeNull()
      await store.set('token', 'first-value')
      expect(await store.get('token')).toBe('first-value')
      await store.set('token', 'second-value ção ✓ 🙂')
      expect(await store.get('token')).toBe('second-value ção ✓ 🙂')
      expect(await store.delete('token')).toBe(true)
      expect(await store.get('token')).toBeNull()
      expect(await store.delete('token')).toBe(false)
    } finally {
      await store.delete('token').catch(() => undefined)
    }
  })

  it('stores the largest allowed value (2048 chars) and keeps accounts apart', async () => {
    const store = createKeytarSecretStore({ service: SERVICE })
    const big = 'k'.repeat(2048)
    try {
      await store.set('big', big)
      await store.set('other', 'small')
      expect(await store.get('big')).toBe(big)
      expect(await store.get('other')).toBe('small')
    } finally {
      await store.delete('big').catch(() => undefined)
      await store.delete('other').catch(() => undefined)
    }
  })
})

describe('real keychain failure modes (child processes)', () => {
  let scratch = ''

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'disca-keychain-modes-'))
  })

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true })
  })

  /** Fresh data and runtime dirs: the child's gnome-keyring can never find ours. */
  async function freshKeyringEnv(): Promise<NodeJS.ProcessEnv> {
    const home = await mkdtemp(join(scratch, 'home-'))
    const runtime = await mkdtemp(join(scratch, 'run-'))
    return isolatedEnv({ XDG_DATA_HOME: home, XDG_RUNTIME_DIR: runtime, HOME: home })
  }

  it('bus address pointing nowhere → keychain_unavailable, fast', async () => {
    const env = isolatedEnv({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' })
    for (const operation of ['get', 'set', 'delete'] as const) {
      const result = parseProbe((await run(process.execPath, probeArgs(operation), env)).stdout)
      expect(result).toMatchObject({ ok: false, code: 'keychain_unavailable' })
      expect(result.message).toMatch(/gnome-keyring/)
      expect(result.cause).toMatch(/Could not connect/)
      expect(result.ms).toBeLessThan(1000)
    }
  })

  it('no D-Bus session at all → keychain_unavailable, fast', async () => {
    const env = isolatedEnv({}, ['DBUS_SESSION_BUS_ADDRESS'])
    const result = parseProbe((await run(process.execPath, probeArgs('set'), env)).stdout)
    expect(result).toMatchObject({ ok: false, code: 'keychain_unavailable' })
    expect(result.cause).toMatch(/Cannot autolaunch D-Bus/)
    expect(result.ms).toBeLessThan(1000)
  })

  it('a bus without any Secret Service → keychain_unavailable', async () => {
    // A session bus whose config lists no service directories, so nothing can be activated.
    const config = join(scratch, 'no-services.conf')
    await writeFile(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${scratch}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
    )
    const { stdout } = await run(
      'dbus-run-session',
      [`--config-file=${config}`, '--', process.execPath, ...probeArgs('set')],
      await freshKeyringEnv(),
    )
    const result = parseProbe(stdout)
    expect(result).toMatchObject({ ok: false, code: 'keychain_unavailable' })
    expect(result.cause).toMatch(/was not provided by any \.service files/)
  })

  // In both cases below D-Bus auto-activates gnome-keyring as a child of the session bus, so the
  // daemon ends with the session (a daemonized `gnome-keyring-daemon --unlock` may outlive it).
  it('gnome-keyring activated with no login keyring → keychain_no_collection', async () => {
    const { stdout } = await run(
      'dbus-run-session',
      ['--', process.execPath, ...probeArgs('set')],
      await freshKeyringEnv(),
    )
    const result = parseProbe(stdout)
    expect(result).toMatchObject({ ok: false, code: 'keychain_no_collection' })
    expect(result.cause).toMatch(/Object does not exist at path/)
  })

  it('login keyring exists but nobody unlocked it → keychain_locked', async () => {
    const env = await freshKeyringEnv()
    // First session creates the login keyring (password "pass"). The daemon runs in the
    // foreground and is stopped by the script: a daemonized one can outlive its session.
    const createLoginKeyring = [
      'echo -n pass | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &',
      'daemon=$!',
      'i=0',
      'while [ ! -f "$XDG_DATA_HOME/keyrings/login.keyring" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done',
      'kill $daemon; wait $daemon',
      'test -f "$XDG_DATA_HOME/keyrings/login.keyring"',
    ].join('\n')
    await run('dbus-run-session', ['--', 'sh', '-c', createLoginKeyring], env)
    // ...the second starts gnome-keyring without the password: the collection is locked.
    const { stdout } = await run(
      'dbus-run-session',
      ['--', process.execPath, ...probeArgs('set')],
      env,
    )
    const result = parseProbe(stdout)
    expect(result).toMatchObject({ ok: false, code: 'keychain_locked' })
    expect(result.message).toMatch(/Desbloqueie/)
    expect(result.cause).toMatch(/locked collection/)
  })
})
