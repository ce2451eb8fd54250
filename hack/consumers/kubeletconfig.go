package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
	"sigs.k8s.io/yaml"
)

// The KubeletConfig spec fields the CRD keeps (the rest would be pruned without a word).
type kubeletConfigSpec struct {
	MachineConfigPoolSelector *labelSelector  `json:"machineConfigPoolSelector"`
	KubeletConfig             json.RawMessage `json:"kubeletConfig"`
	AutoSizingReserved        *bool           `json:"autoSizingReserved"`
	LogLevel                  *int32          `json:"logLevel"`
	TLSSecurityProfile        json.RawMessage `json:"tlsSecurityProfile"`
}

type labelSelector struct {
	MatchLabels      map[string]string `json:"matchLabels"`
	MatchExpressions []struct {
		Key      string   `json:"key"`
		Operator string   `json:"operator"`
		Values   []string `json:"values"`
	} `json:"matchExpressions"`
}

// The labels of the pools every OpenShift cluster has: selectors are evaluated against them.
var builtInPools = map[string]map[string]string{
	"master": {"pools.operator.machineconfiguration.openshift.io/master": "", "machineconfiguration.openshift.io/mco-built-in": ""},
	"worker": {"pools.operator.machineconfiguration.openshift.io/worker": "", "machineconfiguration.openshift.io/mco-built-in": ""},
}

func checkKubeletConfig(obj object) []string {
	raw, ok := specOf(obj.raw)
	if !ok {
		return []string{"no spec"}
	}
	var spec kubeletConfigSpec
	problems := strictInto(raw, &spec, "spec")
	if spec.LogLevel != nil && (*spec.LogLevel < 0 || *spec.LogLevel > 10) {
		problems = append(problems, fmt.Sprintf("spec.logLevel %d is outside 0..10", *spec.LogLevel))
	}
	pools := selectedPools(spec.MachineConfigPoolSelector)
	if len(pools) == 0 {
		problems = append(problems, "spec.machineConfigPoolSelector selects neither the master nor the worker pool")
	}
	if len(spec.KubeletConfig) == 0 {
		return problems
	}
	kc, decodeProblems := strictKubeletConfiguration(spec.KubeletConfig)
	for _, p := range decodeProblems {
		problems = append(problems, "spec.kubeletConfig: "+p)
	}
	if kc == nil {
		return problems
	}
	autoSizing := spec.AutoSizingReserved != nil && *spec.AutoSizingReserved
	for _, p := range refusedByMCO(kc, autoSizing, pools) {
		problems = append(problems, "spec.kubeletConfig: "+p)
	}
	for _, p := range kubeletSemantics(kc) {
		problems = append(problems, "spec.kubeletConfig: "+p)
	}
	return problems
}

// decodeKubeletConfiguration decodes YAML or JSON strictly as the kubelet reads its config
// files; a drop-in needs apiVersion and kind.
func decodeKubeletConfiguration(data []byte, dropIn bool) []string {
	asJSON, err := yaml.YAMLToJSON(data)
	if err != nil {
		return []string{"not YAML: " + err.Error()}
	}
	kc, problems := strictKubeletConfiguration(asJSON)
	if kc != nil && dropIn && (kc.APIVersion != "kubelet.config.k8s.io/v1beta1" || kc.Kind != "KubeletConfiguration") {
		problems = append(problems, "a kubelet drop-in needs apiVersion kubelet.config.k8s.io/v1beta1 and kind KubeletConfiguration")
	}
	if kc != nil {
		problems = append(problems, kubeletSemantics(kc)...)
	}
	return problems
}

func strictKubeletConfiguration(raw []byte) (*kubeletv1beta1.KubeletConfiguration, []string) {
	var kc kubeletv1beta1.KubeletConfiguration
	problems := strictInto(raw, &kc, "KubeletConfiguration")
	if len(problems) > 0 && strings.Contains(problems[0], "does not decode") {
		return nil, problems
	}
	return &kc, problems
}

// refusedByMCO: fields the machine-config controller will not render into a pool (the
// KubeletConfig gets a Failure condition and nothing reaches the nodes).
func refusedByMCO(kc *kubeletv1beta1.KubeletConfiguration, autoSizing bool, pools []string) []string {
	var problems []string
	refuse := func(field string, set bool) {
		if set {
			problems = append(problems, field+" is managed by OpenShift; the MCO refuses a KubeletConfig that sets it")
		}
	}
	refuse("cgroupDriver", kc.CgroupDriver != "")
	refuse("clusterDNS", len(kc.ClusterDNS) > 0)
	refuse("clusterDomain", kc.ClusterDomain != "")
	refuse("featureGates", len(kc.FeatureGates) > 0)
	refuse("failSwapOn", kc.FailSwapOn != nil)
	refuse("memorySwap.swapBehavior", kc.MemorySwap.SwapBehavior != "")
	if autoSizing && len(kc.SystemReserved) > 0 {
		problems = append(problems, "systemReserved cannot be combined with autoSizingReserved")
	}
	if kc.SystemReservedCgroup != "" && kc.SystemCgroups != "" && kc.SystemReservedCgroup != kc.SystemCgroups {
		problems = append(problems, "systemReservedCgroup must equal systemCgroups when both are set")
	}
	for _, pool := range pools {
		if pool == "master" && kc.StaticPodPath != "" {
			problems = append(problems, "staticPodPath cannot be set for the control-plane pool")
		}
		if pool != "master" && kc.StaticPodPath != "" {
			problems = append(problems, "staticPodPath may only be empty for pool "+pool)
		}
	}
	return problems
}

// kubeletSemantics: value checks the kubelet makes at start-up for the fields our tunings use;
// a kubelet that refuses its config leaves the node NotReady.
func kubeletSemantics(kc *kubeletv1beta1.KubeletConfiguration) []string {
	var problems []string
	oneOf := func(field, value string, allowed ...string) {
		if value == "" {
			return
		}
		for _, a := range allowed {
			if value == a {
				return
			}
		}
		problems = append(problems, fmt.Sprintf("%s %q is not one of %s", field, value, strings.Join(allowed, ", ")))
	}
	oneOf("cpuManagerPolicy", kc.CPUManagerPolicy, "none", "static")
	oneOf("memoryManagerPolicy", kc.MemoryManagerPolicy, "None", "Static")
	oneOf("topologyManagerPolicy", kc.TopologyManagerPolicy, "none", "best-effort", "restricted", "single-numa-node")
	oneOf("topologyManagerScope", kc.TopologyManagerScope, "container", "pod")
	oneOf("memorySwap.swapBehavior", kc.MemorySwap.SwapBehavior, "NoSwap", "LimitedSwap")
	if kc.MaxPods < 0 {
		problems = append(problems, fmt.Sprintf("maxPods %d is negative", kc.MaxPods))
	}
	if kc.NodeStatusMaxImages != nil && *kc.NodeStatusMaxImages < -1 {
		problems = append(problems, fmt.Sprintf("nodeStatusMaxImages %d is below -1", *kc.NodeStatusMaxImages))
	}
	if kc.CPUManagerPolicy == "static" && kc.ReservedSystemCPUs == "" && len(kc.KubeReserved) == 0 && len(kc.SystemReserved) == 0 {
		problems = append(problems, "cpuManagerPolicy static needs a CPU reservation (reservedSystemCPUs, kubeReserved or systemReserved)")
	}
	return problems
}

// selectedPools evaluates a pool selector against the built-in pools' labels.
func selectedPools(sel *labelSelector) []string {
	if sel == nil {
		return nil
	}
	var pools []string
	for _, name := range sortedKeys(builtInPools) {
		if selectorMatches(sel, builtInPools[name]) {
			pools = append(pools, name)
		}
	}
	return pools
}

func selectorMatches(sel *labelSelector, labels map[string]string) bool {
	if len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0 {
		return false // an empty selector matches nothing for the MCO
	}
	for k, v := range sel.MatchLabels {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	for _, e := range sel.MatchExpressions {
		got, has := labels[e.Key]
		in := false
		for _, v := range e.Values {
			in = in || (has && got == v)
		}
		switch e.Operator {
		case "In":
			if !in {
				return false
			}
		case "NotIn":
			if in {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// checkOnePerPool: the MCO does not merge KubeletConfigs; on a pool selected by several the newest
// wins whole and the others' settings silently disappear.
func checkOnePerPool(kubeletConfigs []object) []string {
	byPool := map[string][]string{}
	for _, obj := range kubeletConfigs {
		for _, pool := range kubeletConfigPools(obj) {
			byPool[pool] = append(byPool[pool], obj.head.Metadata.Name)
		}
	}
	var problems []string
	for _, pool := range sortedKeys(byPool) {
		names := byPool[pool]
		if len(names) > 1 {
			sort.Strings(names)
			problems = append(problems, fmt.Sprintf(
				"pool %s is selected by %d KubeletConfigs (%s): the MCO does not merge them, the newest wins whole",
				pool, len(names), strings.Join(names, ", ")))
		}
	}
	return problems
}

// kubeletConfigPools names the pools a KubeletConfig's machineConfigPoolSelector selects (none
// when the spec cannot be read; other checks report that).
func kubeletConfigPools(obj object) []string {
	raw, ok := specOf(obj.raw)
	if !ok {
		return nil
	}
	var spec struct {
		Selector *labelSelector `json:"machineConfigPoolSelector"`
	}
	if json.Unmarshal(raw, &spec) != nil {
		return nil
	}
	return selectedPools(spec.Selector)
}
