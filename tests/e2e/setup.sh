#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prepare the end-to-end guest: Debian packages, a Debian kernel (cached
# under BUILD/e2e/kernel, never committed) and a busybox initramfs.
# Idempotent. Usage: tests/e2e/setup.sh BUILD
set -eu
build=$1
e2e=${E2E_DIR:-$build/e2e}  # the kernel and the initramfs
mkdir -p "$e2e"
sh mk/deps.sh "$build" e2e

# --- kernel -------------------------------------------------------------
if [ ! -f "$e2e/kernel/.ready" ]; then
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
    if [ -z "$pkg" ]; then
        apt-get update -q >/dev/null 2>&1 || true
        pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
    fi
    [ -n "$pkg" ] || { echo "e2e: cannot find the Debian kernel package" >&2; exit 1; }
    echo "e2e: fetching $pkg" >&2
    rm -rf "$e2e/kernel" "$e2e/dl"
    mkdir -p "$e2e/dl" "$e2e/kernel"
    (cd "$e2e/dl" && apt-get download -q "$pkg" >/dev/null) || {
        apt-get update -q >/dev/null 2>&1
        (cd "$e2e/dl" && apt-get download -q "$pkg" >/dev/null)
    }
    dpkg-deb -x "$e2e"/dl/*.deb "$e2e/kernel"
    rm -rf "$e2e/dl"
    ver=$(ls "$e2e/kernel/lib/modules" | head -1)
    depmod -b "$e2e/kernel" "$ver"
    echo "$ver" > "$e2e/kernel/.ready"
fi
ver=$(cat "$e2e/kernel/.ready")

# --- initramfs ------------------------------------------------------------
initrd="$e2e/initramfs.cpio.gz"
if [ ! -f "$initrd" ] || [ tests/e2e/init.sh -nt "$initrd" ]; then
    root="$e2e/initramfs"
    rm -rf "$root"
    mkdir -p "$root/bin" "$root/mods" "$root/proc" "$root/sys" "$root/dev" "$root/newroot" \
             "$root/lower" "$root/upper" "$root/results"
    cp /bin/busybox "$root/bin/busybox"
    kmods="$e2e/kernel/lib/modules/$ver/kernel"
    for m in drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev \
             drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci net/9p/9pnet \
             net/9p/9pnet_virtio fs/netfs/netfs fs/fscache/fscache fs/9p/9p fs/overlayfs/overlay; do
        f=$(ls "$kmods/$m.ko"* 2>/dev/null | head -1) || true
        [ -n "$f" ] || continue
        case "$f" in
            *.xz) xz -dc "$f" > "$root/mods/$(basename "$m").ko" ;;
            *) cp "$f" "$root/mods/$(basename "$m").ko" ;;
        esac
    done
    cp tests/e2e/init.sh "$root/init"
    chmod +x "$root/init"
    (cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
fi
echo "$ver"
