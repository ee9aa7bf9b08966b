/** Where progress goes: the command line prints it, the action puts it in log groups. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  /**
   * Runs `fn` as one collapsible, timed step. `tookMs`: the step already ran, this long, and
   * `fn` only says again what it logged (a step that ran beside others, told in its turn).
   */
  group<T>(title: string, fn: () => Promise<T>, tookMs?: number): Promise<T>
  /** Where long work is now, said again as it goes: a terminal redraws it in place, a log keeps each line. */
  progress(message: string): void
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** Plain progress on standard error, so that standard output keeps only the report. */
export class StderrLogger implements Logger {
  /** A progress line is on the terminal, to be cleared before anything else is written. */
  private progressShown = false

  constructor(
    private readonly out: (text: string) => void = (t) => process.stderr.write(t),
    /** A terminal: progress redraws one line; else each progress line is a line of its own. */
    private readonly terminal: boolean = process.stderr.isTTY === true,
  ) {}

  private write(text: string): void {
    if (this.progressShown) this.out('\r\x1b[2K')
    this.progressShown = false
    this.out(text)
  }

  info(message: string): void {
    this.write(`${message}\n`)
  }

  warn(message: string): void {
    this.write(`warning: ${message}\n`)
  }

  progress(message: string): void {
    if (!this.terminal) return this.write(`    ${message}\n`)
    this.write(`    ${message}`)
    this.progressShown = true
  }

  async group<T>(title: string, fn: () => Promise<T>, tookMs?: number): Promise<T> {
    const started = Date.now()
    this.write(`==> ${title}\n`)
    try {
      return await fn()
    } finally {
      this.write(`    ${title}: ${formatSeconds(tookMs ?? Date.now() - started)}\n`)
    }
  }
}

type Logged =
  { kind: 'info' | 'warn'; message: string } | { kind: 'group'; title: string; entries: Logged[]; tookMs: number }

/**
 * Keeps what a piece of work logs, groups and all, to tell another logger later
 * (`replay`): for work that runs beside other work and is told in its turn.
 */
export class DeferredLogger implements Logger {
  private entries: Logged[] = []

  info(message: string): void {
    this.entries.push({ kind: 'info', message })
  }

  warn(message: string): void {
    this.entries.push({ kind: 'warn', message })
  }

  progress(message: string): void {
    this.entries.push({ kind: 'info', message })
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const outer = this.entries
    const group: Logged & { kind: 'group' } = { kind: 'group', title, entries: [], tookMs: 0 }
    outer.push(group)
    this.entries = group.entries
    const started = Date.now()
    try {
      return await fn()
    } finally {
      group.tookMs = Date.now() - started
      this.entries = outer
    }
  }

  /** Tells `target` everything logged so far, in order, each group with the time it took. */
  async replay(target: Logger, entries: Logged[] = this.entries): Promise<void> {
    for (const entry of entries) {
      if (entry.kind === 'group')
        await target.group(entry.title, () => this.replay(target, entry.entries), entry.tookMs)
      else if (entry.kind === 'warn') target.warn(entry.message)
      else target.info(entry.message)
    }
  }
}

/** Collects messages; for tests and for the action's summary. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = []

  info(message: string): void {
    this.lines.push(message)
  }

  warn(message: string): void {
    this.lines.push(`warning: ${message}`)
  }

  progress(message: string): void {
    this.lines.push(message)
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`==> ${title}`)
    return fn()
  }
}
