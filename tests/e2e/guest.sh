#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot one qemu guest (Debian kernel, host root read-only over 9p with a
# tmpfs overlay) and run SCRIPT inside it from the repository root.
# Usage: tests/e2e/guest.sh BUILD SCRIPT OUTDIR [TIMEOUT_S]
# OUTDIR (host, shared read-write) receives output.log (the script's
# output), timeline.log (each result with the guest uptime it came at),
# console.log and rc (its exit status). Returns that status;
# 124 on timeout, 125 when the guest did not run the script.
set -u
build=$1; script=$2; out=$3; limit=${4:-600}
e2e=${E2E_DIR:-$build/e2e}  # the kernel and the initramfs
ver=$(cat "$e2e/kernel/.ready")
repo=$(pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/rc" "$out/output.log" "$out/console.log" "$out/guest-job.sh" "$out/timeline.log"
kdir=$(cd "$e2e/kernel" && pwd)
# The guest sees the host's root, /tmp included: a scenario starts on an
# empty /tmp of its own instead, where the host's top-level directories
# that hold the repository, the build or the kernel are bound back in.
keep_tmp=$(for d in "$repo" "$(cd "$build" && pwd)" "$kdir"; do
    case $d in /tmp/?*) d=${d#/tmp/}; echo "${d%%/*}";; esac
done | sort -u | tr '\n' ' ')

# The benches' knobs (BENCH_GAP_RUNS, BENCH_FAILBACK_SYSTEMS, ...) reach the
# guest too; only plain words are passed on.
# The job: the scenario under the guest's PID 1 (the runner itself), or
# under systemd as PID 1 for a scenario with a "# e2e-init: systemd" line.
cat > "$out/guest-job.sh" <<JOB
#!/bin/sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C E2E_REPO='$repo' E2E_BUILD='$build' E2E_OUT=/e2e-results E2E_SAN='${E2E_SAN:-0}' SOAK_MINUTES='${SOAK_MINUTES:-60}'
$(env | grep '^BENCH_[A-Z_]*=[A-Za-z0-9_. -]*$' | sed "s/^\([^=]*\)=\(.*\)$/export \1='\2'/")
mkdir -p /run/netns /run/lock /run/e2e-host-tmp
mount --bind /tmp /run/e2e-host-tmp && mount -t tmpfs -o mode=1777 tmpfs /tmp
for d in $keep_tmp; do mkdir -p "/tmp/\$d" && mount --bind "/run/e2e-host-tmp/\$d" "/tmp/\$d"; done
ip link set lo up
sysctl -qw kernel.panic=1 >/dev/null 2>&1
cd '$repo'
echo "E2E-BOOTED \$(cut -d' ' -f1 /proc/uptime) kernel \$(uname -r)" > /dev/console
sh '$script' > /e2e-results/output.log 2>&1
echo \$? > /e2e-results/rc
sync
echo "E2E-DONE" > /dev/console
echo o > /proc/sysrq-trigger
sleep 5
JOB
if grep -q '^# e2e-init: systemd$' "$script"; then
    cat > "$out/guest-runner.sh" <<RUNNER
#!/bin/sh
mkdir -p /lib/modules && ln -sfn '$kdir/lib/modules/$ver' /lib/modules/$ver
# The boot's systemd-tmpfiles would empty /tmp, where a clone under test may be.
ln -sfn /dev/null /etc/systemd/system/systemd-tmpfiles-setup.service
cat > /etc/systemd/system/e2e-job.service <<UNIT
[Unit]
Description=end-to-end scenario
DefaultDependencies=no
Wants=systemd-journald.socket systemd-journald-dev-log.socket
After=systemd-journald.socket systemd-journald-dev-log.socket
[Service]
Type=simple
ExecStart=/bin/sh /e2e-results/guest-job.sh
UNIT
printf '[Unit]\nDescription=end-to-end scenario\nRequires=e2e-job.service\n' > /etc/systemd/system/e2e.target
exec /lib/systemd/systemd --unit=e2e.target --show-status=false
RUNNER
else
    cat > "$out/guest-runner.sh" <<RUNNER
#!/bin/sh
mount -t tmpfs tmpfs /run
mkdir -p /dev/shm /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t devpts devpts /dev/pts
mkdir -p /lib/modules && ln -sfn '$kdir/lib/modules/$ver' /lib/modules/$ver
exec /bin/sh /e2e-results/guest-job.sh
RUNNER
fi

timeout -k 5 "$limit" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu max -smp 2 -m 2048 \
    -nographic -no-reboot -nic none \
    -kernel "$e2e/kernel/boot/vmlinuz-$ver" -initrd "$e2e/initramfs.cpio.gz" \
    -append "console=ttyS0 panic=-1 quiet loglevel=3" \
    -fsdev local,id=r,path=/,security_model=none,readonly=on,multidevs=remap \
    -device virtio-9p-pci,fsdev=r,mount_tag=root \
    -fsdev local,id=o,path="$out",security_model=none,multidevs=remap \
    -device virtio-9p-pci,fsdev=o,mount_tag=results \
    < /dev/null > "$out/console.log" 2>&1
qrc=$?
[ $qrc -eq 124 ] || [ $qrc -eq 137 ] && { echo "e2e: guest timed out after ${limit}s" >&2; return 124 2>/dev/null || exit 124; }
[ -f "$out/rc" ] || { echo "e2e: guest did not run the script (see $out/console.log)" >&2; exit 125; }
exit "$(cat "$out/rc")"
