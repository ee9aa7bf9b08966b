import { DeferredLogger, type Logger } from './log.js'

/**
 * Work on many items at once that reads as if it ran one item after another: at most
 * `slots` items run together, and each item's output is handed on (`deliver`) only once
 * every item before it was, so that logs and results come in the items' order.
 */
export async function runInOrder<I, R>(
  items: readonly I[],
  slots: number,
  work: (item: I, index: number) => Promise<R>,
  deliver: (result: R, index: number) => void | Promise<void>,
): Promise<R[]> {
  const results: R[] = []
  const finished: boolean[] = []
  let next = 0
  let delivered = 0
  let failure: { error: unknown } | undefined
  // Deliveries run one after another, each after the one before it has finished.
  let delivering: Promise<void> = Promise.resolve()
  const deliverReady = (): void => {
    while (delivered < items.length && finished[delivered]) {
      const index = delivered++
      delivering = delivering.then(() => deliver(results[index]!, index))
    }
  }
  // Once an item failed no new one starts; the ones running finish, and the first failure is thrown.
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const index = next++
      try {
        results[index] = await work(items[index]!, index)
        finished[index] = true
        deliverReady()
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, items.length)) }, worker))
  await delivering
  if (failure) throw failure.error
  return results
}

/** Where a piece of work tells what it does: its log, and the guest console it streams. */
export interface Telling {
  log: Logger
  onConsole?: (chunk: Buffer) => void
}

/**
 * runInOrder for work that logs: each item logs to a telling of its own, kept, and told to
 * `telling` whole in the items' order (its console first, then its log, groups and times as
 * they were). With one slot each item tells `telling` directly, as it goes.
 */
export async function runTold<I, R>(
  items: readonly I[],
  slots: number,
  telling: Telling,
  work: (item: I, index: number, telling: Telling) => Promise<R>,
): Promise<R[]> {
  if (slots <= 1) {
    const results: R[] = []
    for (const [index, item] of items.entries()) results.push(await work(item, index, telling))
    return results
  }
  const told = await runInOrder(
    items,
    slots,
    async (item, index) => {
      const log = new DeferredLogger()
      const console: Buffer[] = []
      const onConsole = telling.onConsole && ((chunk: Buffer) => void console.push(chunk))
      const result = await work(item, index, { log, ...(onConsole ? { onConsole } : {}) })
      return { result, log, console }
    },
    async ({ log, console }) => {
      for (const chunk of console) telling.onConsole?.(chunk)
      await log.replay(telling.log)
    },
  )
  return told.map((t) => t.result)
}
