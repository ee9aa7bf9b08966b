import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { runInOrder } from '../../src/host/in-order.js'
import { DeferredLogger, MemoryLogger } from '../../src/host/log.js'
import { guestSlots } from '../../src/host/capacity.js'

/** A promise and the function that settles it: the test decides when each item ends. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('runInOrder', () => {
  test('at most `slots` items run at once; each is delivered only after those before it, in order', async () => {
    const gates = [gate(), gate(), gate(), gate()]
    const events: string[] = []
    let running = 0
    let most = 0
    const done = runInOrder(
      ['a', 'b', 'c', 'd'],
      2,
      async (item, i) => {
        running++
        most = Math.max(most, running)
        events.push(`start ${item}`)
        await gates[i]!.promise
        running--
        return item.toUpperCase()
      },
      async (result) => {
        await tick()
        events.push(`deliver ${result}`)
      },
    )
    await tick()
    assert.deepEqual(events, ['start a', 'start b'])
    gates[1]!.open() // b ends first: it waits for a, and c starts in its slot
    await tick()
    await tick()
    assert.deepEqual(events, ['start a', 'start b', 'start c'])
    gates[0]!.open()
    await tick()
    await tick()
    await tick()
    gates[3]!.open()
    gates[2]!.open()
    assert.deepEqual(await done, ['A', 'B', 'C', 'D'])
    assert.equal(most, 2)
    assert.deepEqual(
      events.filter((e) => e.startsWith('deliver')),
      ['deliver A', 'deliver B', 'deliver C', 'deliver D'],
    )
  })

  test('one slot is one item after another, delivered in order', async () => {
    const events: string[] = []
    await runInOrder(
      [1, 2, 3],
      1,
      async (n) => {
        events.push(`start ${n}`)
        await tick()
        events.push(`end ${n}`)
        return n
      },
      (n) => void events.push(`deliver ${n}`),
    )
    assert.deepEqual(
      events.filter((e) => !e.startsWith('deliver')),
      ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'],
    )
    assert.deepEqual(
      events.filter((e) => e.startsWith('deliver')),
      ['deliver 1', 'deliver 2', 'deliver 3'],
    )
  })

  test('a failure: nothing new starts, the running items finish, those before it are delivered, the error is thrown', async () => {
    const started: number[] = []
    const delivered: number[] = []
    await assert.rejects(
      runInOrder(
        [0, 1, 2, 3, 4],
        2,
        async (n) => {
          started.push(n)
          await tick()
          if (n === 1) throw new Error('item 1 failed')
          await tick()
          return n
        },
        (n) => void delivered.push(n),
      ),
      /item 1 failed/,
    )
    assert.deepEqual(started, [0, 1])
    assert.deepEqual(delivered, [0])
  })
})

describe('DeferredLogger', () => {
  test('tells another logger what was logged, groups and all, in order, each group with the time it took', async () => {
    const deferred = new DeferredLogger()
    deferred.info('before')
    await deferred.group('Boot at 2038-01-20', async () => {
      deferred.info('inside')
      deferred.warn('careful')
    })
    deferred.info('after')
    const target = new MemoryLogger()
    const took: Array<number | undefined> = []
    const timed = {
      info: (m: string) => target.info(m),
      warn: (m: string) => target.warn(m),
      progress: (m: string) => target.progress(m),
      group: <T>(title: string, fn: () => Promise<T>, tookMs?: number) => {
        took.push(tookMs)
        return target.group(title, fn)
      },
    }
    assert.deepEqual(target.lines, [])
    await deferred.replay(timed)
    assert.deepEqual(target.lines, ['before', '==> Boot at 2038-01-20', 'inside', 'warning: careful', 'after'])
    assert.equal(took.length, 1)
    assert.equal(typeof took[0], 'number')
  })
})

describe('guestSlots', () => {
  test('one guest per core while memory holds them', () => {
    assert.equal(guestSlots(512, { cores: 4, freeMiB: 16_000 }), 4)
    assert.equal(guestSlots(512, { cores: 2, freeMiB: 16_000 }), 2)
  })

  test('fewer when free memory holds fewer: the guest, QEMU over it, and a reserve for the host', () => {
    // 1024 reserved, then 512 + 256 each: 3 fit in 3328 MiB, 2 in 3327.
    assert.equal(guestSlots(512, { cores: 8, freeMiB: 1024 + 3 * 768 }), 3)
    assert.equal(guestSlots(512, { cores: 8, freeMiB: 1024 + 3 * 768 - 1 }), 2)
  })

  test('at least one, however little is free', () => {
    assert.equal(guestSlots(512, { cores: 4, freeMiB: 100 }), 1)
    assert.equal(guestSlots(512, { cores: 1, freeMiB: 100_000 }), 1)
  })
})
