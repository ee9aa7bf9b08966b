/** A value inside a QEMU option list (`key=value,...`): a comma is written twice. */
export function qemuOptionValue(value: string): string {
  return value.replace(/,/g, ',,')
}
