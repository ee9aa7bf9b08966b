import { ToolError } from '../config/errors.js'
import { type CommandRunner, isRoot } from '../host/proc.js'

/** mmdebstrap needs root: say so before a build rather than fail in it. QEMU does not. */
export async function checkPrivilege(runner: CommandRunner): Promise<void> {
  if (isRoot()) return
  const probe = await runner.run('sudo', ['-n', 'true']).catch(() => undefined)
  if (probe?.code !== 0) {
    throw new ToolError(
      'building the guest (mmdebstrap) needs root: run y2038 as root or give this user passwordless sudo',
    )
  }
}
