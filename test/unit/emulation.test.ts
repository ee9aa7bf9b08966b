import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { I386_TIME32_PROGRAM, QEMU_I386, forcedEmulation, i386HandlerRule } from '../../src/host/emulation.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'y2038-emulation-test-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `program` under qemu-i386 (qemu-user-static, which CI installs): whatever the host's kernel runs. */
function underQemu(program: Buffer): number | null {
  const file = path.join(dir, `p-${Math.random().toString(16).slice(2)}`)
  writeFileSync(file, program, { mode: 0o755 })
  return spawnSync(QEMU_I386, [file], { timeout: 20_000 }).status
}

describe('the i386 time32 program', () => {
  test('is a 157-byte static i386 ELF executable', () => {
    assert.equal(I386_TIME32_PROGRAM.length, 157)
    assert.deepEqual([...I386_TIME32_PROGRAM.subarray(0, 6)], [0x7f, 0x45, 0x4c, 0x46, 1, 1])
    assert.equal(I386_TIME32_PROGRAM.readUInt16LE(18), 3, 'e_machine is EM_386')
  })

  test(
    'exits 0 where the 32-bit time calls work (qemu-user translates them)',
    { skip: !existsSync(QEMU_I386) && `${QEMU_I386} is not installed` },
    () => {
      assert.equal(underQemu(I386_TIME32_PROGRAM), 0)
    },
  )

  test(
    'exits 3 where a call is missing: clock_gettime turned into an unknown syscall (511)',
    { skip: !existsSync(QEMU_I386) && `${QEMU_I386} is not installed` },
    () => {
      const broken = Buffer.from(I386_TIME32_PROGRAM)
      const at = broken.indexOf(Buffer.from([0xb8, 0x09, 0x01, 0x00, 0x00]))
      assert.ok(at > 0)
      broken.writeUInt32LE(511, at + 1)
      assert.equal(underQemu(broken), 3)
    },
  )
})

describe('i386HandlerRule', () => {
  test("qemu-i386-static for i386 ELF executables, flag F, in binfmt_misc's \\x escapes", () => {
    assert.equal(
      i386HandlerRule(),
      ':y2038-qemu-i386:M::\\x7fELF\\x01\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x03\\x00:\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/usr/bin/qemu-i386-static:F',
    )
  })

  test('the magic, under the mask, matches the program above', () => {
    const fields = i386HandlerRule().split(':')
    const bytes = (text: string) =>
      Buffer.from(
        text.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      )
    const magic = bytes(fields[4]!)
    const mask = bytes(fields[5]!)
    assert.equal(magic.length, 20)
    for (let i = 0; i < magic.length; i++)
      assert.equal(I386_TIME32_PROGRAM[i]! & mask[i]!, magic[i]! & mask[i]!, `byte ${i}`)
  })
})

describe('forcedEmulation', () => {
  test('the architectures Y2038_FORCE_EMULATION names', () => {
    assert.deepEqual(forcedEmulation({}), [])
    assert.deepEqual(forcedEmulation({ Y2038_FORCE_EMULATION: 'i386' }), ['i386'])
    assert.deepEqual(forcedEmulation({ Y2038_FORCE_EMULATION: ' i386, armhf ' }), ['i386', 'armhf'])
  })
})
