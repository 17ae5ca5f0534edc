#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest initramfs /init: load virtio + 9p + overlay modules, mount the host
# root read-only with a tmpfs overlay, switch_root into the guest runner.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci \
         9pnet 9pnet_virtio netfs fscache 9p overlay; do
    [ -f /mods/$m.ko ] && insmod /mods/$m.ko 2>/dev/null
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 root /lower || { echo "E2E-PANIC: 9p root"; poweroff -f; }
mount -t tmpfs -o size=512m tmpfs /upper
mkdir -p /upper/up /upper/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/up,workdir=/upper/work /newroot || { echo "E2E-PANIC: overlay"; poweroff -f; }
mkdir -p /newroot/e2e-results
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results /newroot/e2e-results || { echo "E2E-PANIC: results"; poweroff -f; }
mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
exec switch_root /newroot /bin/sh /e2e-results/guest-runner.sh
