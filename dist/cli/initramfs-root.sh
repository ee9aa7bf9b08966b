#!/bin/sh
# y2038-action's initramfs-tools init-bottom script. It acts only when the guest has the
# harness disk (a virtio disk with the serial y2038-harness: an erofs image the host makes
# for each run). Then the root, a read-only filesystem image, becomes the lower layer of an
# overlay whose upper layer is a tmpfs, so the whole root is writable and every write is in
# RAM and gone at power-off, and the harness disk is mounted read-only at /run/y2038.
# Both mounts live under /run, which the initramfs moves into the root after this script.
# After udev's script, which has moved /dev into the image's root: /dev is moved on into the
# overlay, or the guest would see the image's static /dev.
case "$1" in prereqs) echo udev && exit 0 ;; esac
harness=
for serial in /sys/block/vd*/serial; do
  [ "$(cat "$serial" 2>/dev/null)" = y2038-harness ] || continue
  harness=${serial%/serial}
  harness=/dev/${harness##*/}
done
[ -n "$harness" ] || exit 0
. /scripts/functions
root=${rootmnt:-/root}
layers=/run/y2038-root
mkdir -p "$layers" &&
  mount -t tmpfs -o mode=0755 y2038-root "$layers" &&
  mkdir "$layers/lower" "$layers/upper" "$layers/work" &&
  mount -n -o move "$root" "$layers/lower" &&
  mount -t overlay -o "lowerdir=$layers/lower,upperdir=$layers/upper,workdir=$layers/work" y2038-root "$root" ||
  panic "y2038: cannot make the root a writable overlay"
if grep -q " $layers/lower/dev " /proc/mounts; then
  mount -n -o move "$layers/lower/dev" "$root/dev" || panic "y2038: cannot move /dev into the overlay root"
fi
mkdir -p /run/y2038 && mount -t erofs -o ro "$harness" /run/y2038 || panic "y2038: cannot mount the harness disk $harness"
