#!/bin/sh
# y2038-action's initramfs-tools init-bottom script. It acts only when the guest has the
# harness disk: a virtio disk (an erofs image the host makes for each run) whose serial the
# kernel command line names with y2038.harness=<serial>, and y2038.dir=<mount point> says where
# it goes. Then the root, a read-only filesystem image, becomes the lower layer of an overlay
# whose upper layer is a tmpfs, so the whole root is writable and every write is in RAM and
# gone at power-off, and the harness disk is mounted read-only at that point under /run.
# Both mounts live under /run, which the initramfs moves into the root after this script.
# After udev's script, which has moved /dev into the image's root: /dev is moved on into the
# overlay, or the guest would see the image's static /dev.
case "$1" in prereqs) echo udev && exit 0 ;; esac
serial= dir=
for param in $(cat /proc/cmdline); do
  case $param in
  y2038.harness=*) serial=${param#*=} ;;
  y2038.dir=*) dir=${param#*=} ;;
  esac
done
[ -n "$serial" ] && [ -n "$dir" ] || exit 0
harness=
for file in /sys/block/vd*/serial; do
  [ "$(cat "$file" 2>/dev/null)" = "$serial" ] || continue
  harness=${file%/serial}
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
mkdir -p "$dir" && mount -t erofs -o ro "$harness" "$dir" || panic "y2038: cannot mount the harness disk $harness at $dir"
