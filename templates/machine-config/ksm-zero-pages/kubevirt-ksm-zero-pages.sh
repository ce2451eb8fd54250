#!/bin/sh
# Kernel samepage merging restricted to zero pages (virt-platform-autopilot, ksm-zero-only).
# Guests keep much of their memory zeroed (freshly booted or ballooned), and merging those pages
# into one gives that memory back to the host. Merging pages with other content across VMs would
# let one guest learn, through write timings, what another guest holds, so this script turns KSM
# on only when the kernel can limit it to zero pages, and leaves it off otherwise.
set -eu
ksm=/sys/kernel/mm/ksm
only_zero=$ksm/redhat_only_zero_pages
if [ ! -w "$only_zero" ]; then
  echo "kubevirt-ksm: this kernel cannot restrict KSM to zero pages; leaving KSM off"
  exit 0
fi
echo 1 > "$only_zero"
# Scan 1000 pages (about 4 MiB) per wake-up and wake up often enough that one pass over the
# node's memory takes about ten minutes whatever its size: 2560 ms divided by the memory in GiB,
# kept between 10 ms (large hosts: bounded CPU) and 200 ms (small hosts: still useful).
mem_gib=$(awk '/^MemTotal:/ { printf "%d", $2 / 1048576 }' /proc/meminfo)
[ "$mem_gib" -ge 1 ] || mem_gib=1
sleep_ms=$((2560 / mem_gib))
[ "$sleep_ms" -ge 10 ] || sleep_ms=10
[ "$sleep_ms" -le 200 ] || sleep_ms=200
echo 1000 > "$ksm/pages_to_scan"
echo "$sleep_ms" > "$ksm/sleep_millisecs"
echo 1 > "$ksm/run"
echo "kubevirt-ksm: zero-page merging on, ${sleep_ms} ms between scans of 1000 pages (${mem_gib} GiB)"
