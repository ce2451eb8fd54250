package main

import "fmt"

// checkCoverage: every pool that holds nodes running VMs must receive the kubelet tunings (one
// KubeletConfig selects it). Otherwise a compact or single-node cluster, where the control-plane
// pool runs the VMs and the worker pool is empty, silently gets nothing.
func checkCoverage(c renderedCase) []string {
	if c.vmPools == nil {
		return nil
	}
	kubeletPools := map[string]bool{}
	anyKubeletConfig := false
	for _, obj := range c.objects {
		if obj.kind() != "KubeletConfig" {
			continue
		}
		anyKubeletConfig = true
		for _, pool := range kubeletConfigPools(obj) {
			kubeletPools[pool] = true
		}
	}
	if !anyKubeletConfig {
		return nil // nothing kubelet-related rendered in this case
	}
	var problems []string
	for _, pool := range sortedKeys(c.vmPools) {
		if n := c.vmPools[pool]; n > 0 && !kubeletPools[pool] {
			problems = append(problems, fmt.Sprintf(
				"pool %s holds %d node(s) that run VMs, but no KubeletConfig selects it: the kubelet tunings reach none of them",
				pool, n))
		}
	}
	return problems
}
