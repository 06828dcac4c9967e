/**
 * npm run simulator -- --port <n> [--speed <f>] [--token <t>] [--balance <brl>]
 *
 * Prints one JSON line {"url","token"} on stdout, then serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import type { SimulatorOptions } from './server'
import { startSimulator } from './server'

const USAGE =
  'uso: npm run simulator -- [--port <n>] [--speed <fator>] [--token <token>] [--balance <BRL>]'

function readOptions(argv: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      speed: { type: 'string' },
      token: { type: 'string' },
      balance: { type: 'string' },
    },
    strict: true,
  })
  const options: SimulatorOptions = {}
  if (values.port !== undefined) {
    const port = Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port inválida')
    options.port = port
  }
  if (values.speed !== undefined) {
    const speed = Number(values.speed)
    if (!Number.isFinite(speed) || speed <= 0) throw new Error('--speed deve ser um número > 0')
    options.speed = speed
  }
  if (values.token !== undefined) {
    if (values.token === '') throw new Error('--token não pode ser vazio')
    options.token = values.token
  }
  if (values.balance !== undefined) {
    const balance = Number(values.balance)
    if (!Number.isFinite(balance)) throw new Error('--balance deve ser um número')
    options.initialBalance = balance
  }
  return options
}

async function main(): Promise<void> {
  let options: SimulatorOptions
  try {
    options = readOptions(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    process.exit(2)
  }
  const simulator = await startSimulator(options)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  // Listen before printing: stdout to a pipe is synchronous, so a test may signal the moment
  // it reads the line.
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  process.stdout.write(`${JSON.stringify({ url: simulator.url, token: simulator.token })}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`simulador: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
