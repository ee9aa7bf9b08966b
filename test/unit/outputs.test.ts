import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'node:test'
import { InputError, ToolError } from '../../src/config/errors.js'
import { InterruptedError } from '../../src/host/proc.js'
import { classifyFailure } from '../../src/outputs/failure.js'
import { jsonText, lineUrl, writeJsonOutput } from '../../src/outputs/files.js'
import { exitWithFailure } from '../../src/cli/io.js'
import { scratchDir } from '../support/scratch.js'

describe('classifyFailure', () => {
  test('an input or a tool that refused: its message, credentials hidden', () => {
    assert.deepEqual(classifyFailure(new InputError('mirror', 'cannot reach https://u:secret@m.example/debian')), {
      kind: 'refused',
      message: 'mirror: cannot reach https://***@m.example/debian',
    })
    assert.equal(classifyFailure(new ToolError('mkfs.erofs failed')).kind, 'refused')
  })

  test('a signal: interrupted, with the shell exit status of that signal', () => {
    for (const [signal, status] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const failure = classifyFailure(new InterruptedError(signal))
      assert.deepEqual(failure, { kind: 'interrupted', message: `interrupted by ${signal}`, exitStatus: status })
    }
  })

  test('anything else is a defect of the tool, with its stack', () => {
    const failure = classifyFailure(new TypeError('x is undefined'))
    assert.equal(failure.kind, 'internal')
    assert.equal(failure.message, 'x is undefined')
    assert.match(failure.kind === 'internal' ? (failure.stack ?? '') : '', /TypeError: x is undefined/)
  })
})

describe("exitWithFailure: the command line's words and exit status", () => {
  const io = () => {
    const err: string[] = []
    return { err, io: { stdout: () => undefined, stderr: (t: string) => void err.push(t), cwd: '/', env: {} } }
  }

  test('refused: one line naming the command, exit 2; internal: said as such, exit 2', () => {
    const a = io()
    assert.equal(exitWithFailure(a.io, 'y2038 report', { kind: 'refused', message: 'json: bad' }), 2)
    assert.deepEqual(a.err, ['y2038 report: error: json: bad\n'])
    const b = io()
    assert.equal(exitWithFailure(b.io, 'y2038', { kind: 'internal', message: 'boom', stack: 'at x' }), 2)
    assert.deepEqual(b.err, ['y2038: internal error: boom\n'])
  })

  test('interrupted: nothing more said (the signal handler did), the signal exit status', () => {
    const c = io()
    assert.equal(
      exitWithFailure(c.io, 'y2038', { kind: 'interrupted', message: 'interrupted by SIGINT', exitStatus: 130 }),
      130,
    )
    assert.deepEqual(c.err, [])
  })
})

describe('writeJsonOutput', () => {
  test('indented JSON with one newline, its directory made', async () => {
    const file = path.join(scratchDir('y2038-out-'), 'new', 'dir', 'r.json')
    await writeJsonOutput('json', file, { a: [1] })
    assert.equal(readFileSync(file, 'utf8'), jsonText({ a: [1] }))
    assert.equal(jsonText({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}\n')
  })

  test('a path it cannot write is an error of the input that named it', async () => {
    const dir = scratchDir('y2038-out-')
    writeFileSync(path.join(dir, 'file'), '')
    mkdirSync(path.join(dir, 'd'))
    await assert.rejects(writeJsonOutput('sarif', path.join(dir, 'file', 'x.sarif'), {}), {
      name: 'InputError',
      message: /^sarif: '.*\/file\/x\.sarif' cannot be written: /,
    })
    await assert.rejects(writeJsonOutput('json', path.join(dir, 'd'), {}), { name: 'InputError', message: /^json: / })
  })
})

describe('lineUrl', () => {
  test("a line of a file at the run's commit, each path segment encoded", () => {
    const url = lineUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc' })
    assert.equal(url?.('ci/my probe.sh', 7), 'https://github.com/o/r/blob/abc/ci/my%20probe.sh#L7')
  })

  test('none outside a workflow', () => {
    assert.equal(lineUrl({}), undefined)
  })
})
