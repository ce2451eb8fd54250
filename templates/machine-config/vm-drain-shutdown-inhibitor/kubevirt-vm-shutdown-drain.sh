#!/bin/sh
# Runs when the node shuts down, before the kubelet and CRI-O stop (the unit is ordered after
# them, and systemd stops units in reverse order). A shutdown that does not come from a drain
# (a person's reboot, a power button, a crashed drain) would otherwise take the VMs down hard.
# 1. Wait while VM pods still run here: a drain that started before the shutdown (the Machine
#    Config Operator drains before every reboot) is live-migrating them away.
# 2. Ask the guests still here to shut down cleanly (ACPI, through virsh in their launcher pod,
#    which talks to its own libvirt), so their disks are consistent.
# Every step is bounded; the unit's TimeoutStopSec is the hard limit.
set -u
MIGRATION_WAIT=${MIGRATION_WAIT:-90}
GUEST_WAIT=${GUEST_WAIT:-60}

vm_containers() {
  crictl ps --quiet --state running --label io.kubernetes.container.name=compute 2>/dev/null
}

waited=0
while [ -n "$(vm_containers)" ] && [ "$waited" -lt "$MIGRATION_WAIT" ]; do
  sleep 2
  waited=$((waited + 2))
done

left=$(vm_containers)
[ -n "$left" ] || { echo "kubevirt-vm-drain: no VMs left on this node"; exit 0; }
for container in $left; do
  for domain in $(crictl exec "$container" virsh --quiet list --name 2>/dev/null); do
    echo "kubevirt-vm-drain: asking $domain to shut down"
    crictl exec "$container" virsh shutdown "$domain" >/dev/null 2>&1 || true
  done
done
waited=0
while [ -n "$(vm_containers)" ] && [ "$waited" -lt "$GUEST_WAIT" ]; do
  sleep 2
  waited=$((waited + 2))
done
echo "kubevirt-vm-drain: done ($(vm_containers | wc -l) VM containers still running)"
exit 0
