/**
 * The names both sides of the guest protocol use. The host defines them here and hands them
 * to the guest: the initramfs reads the harness disk's serial and mount point from the
 * kernel command line (`harnessKernelParams`), init.sh reads the rest from the run's config
 * on the harness disk (run-config.ts). No guest script writes one of them as a literal.
 */

/** Bump with any change to the guest scripts' records. */
export const HARNESS_VERSION = 12

/** The virtio serial port the guest writes its records to (a file on the host). */
export const RESULTS_PORT_NAME = 'y2038'
/** The virtio serial port the guest says `ready` on and reads its job from (a unix socket on the host). */
export const JOB_PORT_NAME = 'y2038-job'
/** The serial number the initramfs finds the harness disk by. */
export const HARNESS_DISK_SERIAL = 'y2038-harness'
/** The serial number init.sh finds the user's directory (workdir) by. */
export const WORKDIR_DISK_SERIAL = 'y2038-work'
/**
 * The serial number init.sh finds the probe's disk by. It is there from the boot but mounted
 * only once the job has come, so that a saved guest holds nothing of the probe.
 */
export const PROBE_DISK_SERIAL = 'y2038-probe'

/** Where the harness is in the guest: the harness disk, mounted read-only by the initramfs. */
export const GUEST_HARNESS_DIR = '/run/y2038'
/**
 * Where the harness's own programs are in the guest, on the harness disk, for a userland the
 * tool did not build (image/runtime.ts): their dynamic programs are linked to this place.
 */
export const RUNTIME_SUBDIR = 'runtime'
export const GUEST_RUNTIME_DIR = `${GUEST_HARNESS_DIR}/${RUNTIME_SUBDIR}`
/** Where the user's `workdir` appears in the guest: the working directory of setup and probe. */
export const GUEST_WORKDIR = '/work'
/** Where the probe's disk is mounted in the guest, once the job has come. */
export const GUEST_PROBE_DIR = '/run/y2038-probe'

/** The kernel command line's part that tells the initramfs which disk is the harness's and where it goes. */
export function harnessKernelParams(): string[] {
  return [`y2038.harness=${HARNESS_DISK_SERIAL}`, `y2038.dir=${GUEST_HARNESS_DIR}`]
}
