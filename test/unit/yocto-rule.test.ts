import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type Compared, compareWithYocto, yoctoFlags } from '../../bench/yocto-rule.js'
import { classifyImports } from '../../src/audit/classify.js'

/** One file as both sides read it from the same glibc imports. */
const file = (path: string, imports: string[]): Compared => ({
  path,
  ours: { path, ...classifyImports(imports) },
  yocto: yoctoFlags(imports),
})

describe("the comparison with Yocto's 32bit-time check", () => {
  test('yoctoFlags: names of its list only, each once, sorted', () => {
    assert.deepEqual(yoctoFlags(['time', 'aio_read', '__time64', 'time', '__xstat64', 'open']), ['aio_read', 'time'])
  })

  test('each kind of file lands in its row, with the names that decide it', () => {
    const rows = compareWithYocto([
      file('/strong', ['time', 'open']),
      file('/low', ['ioctl']),
      file('/mixed', ['time', '__time64']),
      file('/old-stat', ['__xstat64']),
      file('/ppoll-chk', ['__ppoll_chk', '__ppoll64']),
      file('/aio', ['__time64', 'aio_read']),
      file('/ioctl-next-to-64', ['__clock_gettime64', 'ioctl']),
      file('/t64', ['__time64']),
      file('/none', ['open']),
    ])
    assert.deepEqual(
      rows.map((r) => [r.files.map((f) => f.path), Object.fromEntries(r.names)]),
      [
        [['/strong'], {}],
        [['/low'], { ioctl: 1 }],
        [['/mixed'], { time: 1 }],
        [[], {}],
        [['/old-stat', '/ppoll-chk'], { __xstat64: 1, __ppoll_chk: 1 }],
        [['/aio'], { aio_read: 1 }],
        [['/ioctl-next-to-64'], { ioctl: 1 }],
        [['/t64', '/none'], {}],
      ],
    )
  })
})
