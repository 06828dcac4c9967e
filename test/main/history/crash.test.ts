/**
 * THE KILL TEST for the call history: a child process (test/fixtures/historyWriter.ts) appends
 * calls, updates, notes and large batches as fast as it can, compacts now and then, and prints
 * every write after it resolved; it is SIGKILLed at a random moment. Then the history is
 * opened here: it must open (never unreadable), hold every call the child reported (never an
 * older version, never a lost note), cut any torn tail, and leave no temp file of an interrupted
 * compaction. A second open must find nothing left to repair.
 *
 * Kill delays come from a fixed-seed PRNG so a failure reproduces:
 *   DISCA_CRASH_SEED=<seed> npx vitest run --project main test/main/history/crash.test.ts
 *
 * As in settingsCrash.test.ts, `node --import tsx` costs ~0.5 s of CPU per start (40 starts on
 * two cores would be most of the run), so the fixture is bundled once with esbuild (a tsx and
 * vite dependency) and run by plain node: same source, same store. DISCA_CRASH_TSX=1 (or no
 * esbuild) runs `node --import tsx test/fixtures/historyWriter.ts <dir>` instead.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Esbuild from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOG_FILE_NAME } from '../../../main/history/historyLog'
import { createHistoryStore } from '../../../main/history/historyStore'
import { SNAPSHOT_FILE_NAME } from '../../../main/history/indexSnapshot'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const WRITER = 'test/fixtures/historyWriter.ts'
const ITERATIONS = 40
/** Children alive at once; their start-up (tsx) is most of the cost. */
const LANES = 4
const MIN_DELAY_MS = 20
const MAX_DELAY_MS = 300
const SEED = Number(process.env.DISCA_CRASH_SEED ?? 0xca11)

/** mulberry32: tiny, fast, good enough to spread kill times. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What a lane's children reported as committed, across all its runs. */
interface Committed {
  /** id → highest version (talkSeconds) reported. */
  versions: Map<number, number>
  /** id → highest note counter reported. */
  notes: Map<number, number>
}

/** Node arguments that start the writer: a one-off bundle, or the .ts file through tsx. */
async function prepareWriter(outDir: string): Promise<{ args: string[]; how: string }> {
  const viaTsx = { args: ['--import', 'tsx', WRITER], how: 'node --import tsx' }
  if (process.env.DISCA_CRASH_TSX === '1') return viaTsx
  let esbuild: typeof Esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    return viaTsx
  }
  const outfile = join(outDir, 'historyWriter.bundle.mjs')
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, WRITER)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  })
  return { args: [outfile], how: 'node <esbuild bundle of the fixture>' }
}

/** Starts the writer, waits for "started", SIGKILLs it `delayMs` later; returns its stdout. */
function runAndKill(writerArgs: string[], dir: string, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...writerArgs, dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let killTimer: NodeJS.Timeout | undefined
    const startTimeout = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`writer did not start within 20 s\n${stderr}`))
    }, 20_000)
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    // On a machine too busy to commit anything within the delay, kill right after the first
    // committed write instead: every kill must have something to lose.
    let killOnFirstWrite = false
    const committedSomething = () => /\n(ok|note) /.test(stdout)
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      if (killTimer === undefined && stdout.includes('started\n')) {
        clearTimeout(startTimeout)
        killTimer = setTimeout(() => {
          if (committedSomething()) child.kill('SIGKILL')
          else killOnFirstWrite = true
        }, delayMs)
      }
      if (killOnFirstWrite && committedSomething()) child.kill('SIGKILL')
    })
    child.on('error', reject)
    // 'close', not 'exit': only then has all of stdout been read.
    child.on('close', (code, signal) => {
      clearTimeout(startTimeout)
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited on its own (code ${code}, signal ${signal})\n${stderr}`))
        return
      }
      resolve(stdout)
    })
  })
}

/** Only whole lines count: a kill can cut the last one short. */
function recordCommitted(stdout: string, committed: Committed): number {
  let writes = 0
  for (const line of stdout.split('\n').slice(0, -1)) {
    const [kind, idText, valueText] = line.split(' ')
    const id = Number(idText)
    const value = Number(valueText)
    if (kind === 'ok') {
      committed.versions.set(id, Math.max(value, committed.versions.get(id) ?? 0))
      writes++
    } else if (kind === 'note') {
      committed.notes.set(id, Math.max(value, committed.notes.get(id) ?? 0))
      writes++
    }
  }
  return writes
}

describe('the call history survives SIGKILL at any moment', () => {
  let root = ''
  let writer = { args: [] as string[], how: '' }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'disca-history-crash-'))
    writer = await prepareWriter(root)
  })

  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it(
    `${ITERATIONS} kills at ${MIN_DELAY_MS}-${MAX_DELAY_MS} ms: nothing committed lost, always readable, torn tails cut`,
    { timeout: 180_000 },
    async () => {
      console.log(
        `history kill test: seed ${SEED} (rerun with DISCA_CRASH_SEED=${SEED}), ${ITERATIONS} iterations, ${LANES} lanes, writer: ${writer.how}`,
      )
      const random = prng(SEED)
      const delays = Array.from(
        { length: ITERATIONS },
        () => MIN_DELAY_MS + Math.floor(random() * (MAX_DELAY_MS - MIN_DELAY_MS + 1)),
      )
      let next = 0
      let writes = 0
      let tornTails = 0
      let tempFilesLeft = 0
      let lost = 0
      let unreadable = 0
      let snapshotOpens = 0
      const started = Date.now()

      // Each lane keeps its dir, so every child starts from what its killed predecessor left.
      async function lane(index: number): Promise<void> {
        const dir = join(root, `lane-${index}`)
        const committed: Committed = { versions: new Map(), notes: new Map() }
        for (let iteration = next++; iteration < ITERATIONS; iteration = next++) {
          const context = `iteration ${iteration}, seed ${SEED}, delay ${delays[iteration]} ms`
          // Not `writes += f(await …)`: that reads `writes` before the await, and lanes interleave.
          const stdout = await runAndKill(writer.args, dir, delays[iteration]!)
          writes += recordCommitted(stdout, committed)
          const left = (await readdir(dir)).filter(
            (name) => name !== LOG_FILE_NAME && name !== SNAPSHOT_FILE_NAME,
          )
          tempFilesLeft += left.length

          const store = createHistoryStore({ dir })
          let report
          try {
            report = await store.open()
          } catch (err) {
            unreadable++
            throw new Error(`history did not open (${context})`, { cause: err })
          }
          if (report.repairedBytes > 0) tornTails++
          if (store.lastOpen.fromSnapshot) snapshotOpens++
          expect(report.skippedLines, `bad lines in the middle (${context})`).toBe(0)
          for (const [id, version] of committed.versions) {
            const call = store.get('live', id)
            if (!call || (call.talkSeconds ?? 0) < version) lost++
            expect(call, `call ${id} was committed but is gone (${context})`).not.toBeNull()
            expect(
              call!.talkSeconds,
              `call ${id} went back to an older version (${context})`,
            ).toBeGreaterThanOrEqual(version)
          }
          for (const [id, counter] of committed.notes) {
            const note = store.get('live', id)?.note
            expect(note, `note on call ${id} lost (${context})`).toMatch(/^nota \d+$/)
            expect(Number(note!.split(' ')[1])).toBeGreaterThanOrEqual(counter)
          }
          await store.close()
          expect(
            (await readdir(dir)).filter((name) => name !== SNAPSHOT_FILE_NAME),
            `files left after open (${context})`,
          ).toEqual([LOG_FILE_NAME])

          const again = createHistoryStore({ dir })
          const second = await again.open()
          await again.close()
          expect(second, `second open still repaired something (${context})`).toMatchObject({
            repairedBytes: 0,
            skippedLines: 0,
          })
        }
      }

      await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)))
      console.log(
        `history kill test: ${ITERATIONS} kills in ${Date.now() - started} ms; ${writes} committed writes, ${lost} lost, ${unreadable} unreadable; torn tail cut after ${tornTails} kills; ${snapshotOpens} opens started from an index snapshot; interrupted compaction left temp files ${tempFilesLeft} times (removed by open)`,
      )
      expect(lost).toBe(0)
      expect(unreadable).toBe(0)
      expect(snapshotOpens, 'no open started from a snapshot the child left').toBeGreaterThan(0)
      expect(writes, 'some kill came before any committed write').toBeGreaterThanOrEqual(ITERATIONS)
    },
  )
})
