import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/simulator/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const firstLine = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${stderr}`)))
  })
  // Not every test waits for the line; an early exit must not become an unhandled rejection.
  firstLine.catch(() => {})
  return { child, exited, firstLine, stderr: () => stderr }
}

// Each case starts its own process (~1–2 s of tsx start-up), so they run side by side.
describe.concurrent('npm run simulator', () => {
  it('prints {url, token}, serves the API, and exits 0 on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--speed', '20', '--token', 'cli-token-1234'])
    try {
      const info = JSON.parse(await cli.firstLine) as { url: string; token: string }
      expect(Object.keys(info)).toEqual(['url', 'token'])
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(info.token).toBe('cli-token-1234')

      const res = await fetch(`${info.url}/saldo`, { headers: { 'Access-Token': info.token } })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ mensagem: 'saldo atual', dados: { saldo: 50 } })

      cli.child.kill('SIGTERM')
      expect(await cli.exited).toBe(0)
    } finally {
      cli.child.kill('SIGKILL')
    }
  })

  it('exits 0 on SIGINT too, with a random token by default', async () => {
    const cli = startCli(['--port', '0'])
    try {
      const info = JSON.parse(await cli.firstLine) as { url: string; token: string }
      expect(info.token).toMatch(/^[0-9a-f]{32}$/)
      cli.child.kill('SIGINT')
      expect(await cli.exited).toBe(0)
    } finally {
      cli.child.kill('SIGKILL')
    }
  })

  it('refuses bad arguments with exit code 2 and a usage line', async () => {
    const cli = startCli(['--speed', '0'])
    expect(await cli.exited).toBe(2)
    expect(cli.stderr()).toContain('uso: npm run simulator')
  })
})
