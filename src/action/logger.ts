/** Progress in the step log: each long step a collapsible group with its time. */
import * as core from '@actions/core'
import { type Logger, formatSeconds } from '../host/log.js'

export class ActionLogger implements Logger {
  info(message: string): void {
    core.info(message)
  }

  warn(message: string): void {
    core.warning(message)
  }

  progress(message: string): void {
    core.info(message)
  }

  async group<T>(title: string, fn: () => Promise<T>, tookMs?: number): Promise<T> {
    const started = Date.now()
    core.startGroup(title)
    try {
      return await fn()
    } finally {
      core.info(`${title}: ${formatSeconds(tookMs ?? Date.now() - started)}`)
      core.endGroup()
    }
  }
}
