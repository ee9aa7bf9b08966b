/** A value the user gave that cannot be used. The message names the input and what is valid. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super(`${input}: ${detail}`)
    this.name = 'InputError'
  }
}

/**
 * The tool itself could not do its work: the mirror is unreachable, QEMU cannot be
 * installed, a build failed. Never a finding about the guest.
 */
export class ToolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ToolError'
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
