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
