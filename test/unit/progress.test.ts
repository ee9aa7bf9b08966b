import assert from 'node:assert/strict'
import { describe, mock, test } from 'node:test'
import { MemoryLogger, StderrLogger } from '../../src/host/log.js'
import { PROGRESS_EVERY_MS, lineReader, startProgress } from '../../src/host/progress.js'
import { mmdebstrapPhase } from '../../src/image/build.js'

describe('startProgress', () => {
  test('says every 10 s how long the work has run and what it does, until stopped', () => {
    mock.timers.enable({ apis: ['setInterval', 'Date'] })
    try {
      const log = new MemoryLogger()
      let doing: string | undefined = undefined
      const stop = startProgress(log, 'Building the bookworm/i386 root filesystem', () => doing)
      mock.timers.tick(PROGRESS_EVERY_MS - 1)
      assert.deepEqual(log.lines, [])
      mock.timers.tick(1)
      doing = 'mmdebstrap: extracting archives'
      mock.timers.tick(PROGRESS_EVERY_MS)
      stop()
      mock.timers.tick(5 * PROGRESS_EVERY_MS)
      assert.deepEqual(log.lines, [
        'Building the bookworm/i386 root filesystem: 10 s',
        'Building the bookworm/i386 root filesystem: 20 s, mmdebstrap: extracting archives',
      ])
    } finally {
      mock.timers.reset()
    }
  })
})

describe('lineReader', () => {
  test('whole lines only, across chunks, without carriage returns', () => {
    const lines: string[] = []
    const read = lineReader((line) => lines.push(line))
    read(Buffer.from('I: running apt-'))
    read(Buffer.from('get update...\r\nI: extr'))
    assert.deepEqual(lines, ['I: running apt-get update...'])
    read(Buffer.from('acting archives...\n'))
    assert.deepEqual(lines, ['I: running apt-get update...', 'I: extracting archives...'])
  })
})

describe('mmdebstrapPhase', () => {
  test("mmdebstrap's I: lines, without the dots", () => {
    assert.equal(
      mmdebstrapPhase('I: installing remaining packages inside the chroot...'),
      'installing remaining packages inside the chroot',
    )
    assert.equal(mmdebstrapPhase('I: success in 45.21 seconds'), 'success in 45.21 seconds')
    assert.equal(mmdebstrapPhase('W: cannot find keyring'), undefined)
    assert.equal(mmdebstrapPhase('Setting up sudo (1.9.13p3-1+deb12u1) ...'), undefined)
  })
})

describe("StderrLogger's progress", () => {
  test('on a terminal: one line redrawn in place, cleared before the next message', () => {
    let out = ''
    const log = new StderrLogger((t) => (out += t), true)
    log.progress('Building: 10 s')
    log.progress('Building: 20 s')
    log.info('Made the root image')
    assert.equal(out, '    Building: 10 s\r\x1b[2K    Building: 20 s\r\x1b[2KMade the root image\n')
  })

  test('into a file or a pipe: each progress message a line of its own', () => {
    let out = ''
    const log = new StderrLogger((t) => (out += t), false)
    log.progress('Building: 10 s')
    log.progress('Building: 20 s')
    log.info('done')
    assert.equal(out, '    Building: 10 s\n    Building: 20 s\ndone\n')
  })
})
