/** Where progress goes: the command line prints it, the action puts it in log groups. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  /** Runs `fn` as one collapsible, timed step. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** Plain progress on standard error, so that standard output keeps only the report. */
export class StderrLogger implements Logger {
  constructor(private readonly write: (text: string) => void = (t) => process.stderr.write(t)) {}

  info(message: string): void {
    this.write(`${message}\n`)
  }

  warn(message: string): void {
    this.write(`warning: ${message}\n`)
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now()
    this.write(`==> ${title}\n`)
    try {
      return await fn()
    } finally {
      this.write(`    ${title}: ${formatSeconds(Date.now() - started)}\n`)
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

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`==> ${title}`)
    return fn()
  }
}
