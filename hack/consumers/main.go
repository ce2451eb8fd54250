// Command consumers checks rendered node tunings with the code of the components that consume
// them: every MachineConfig's Ignition config goes through Ignition's own parser and validator
// plus the limits the machine-config daemon puts on day-2 changes, and every KubeletConfig's
// kubeletConfig is decoded strictly into the kubelet's KubeletConfiguration, plus the fields the
// Machine Config Operator refuses and its one-KubeletConfig-per-pool rule.
//
//	consumers FILE...            check each file (one rendered case); exit 1 on any problem
//	consumers -self-test FILE    every case in FILE must report exactly its `expect` problems
//
// A FILE holds the output of `virt-platform-autopilot render --output=json` (an array of asset
// reports with `object`), a plain JSON array of objects, or {"cases": [{name, objects, expect}]}.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	selfTest := flag.Bool("self-test", false, "each case lists the problems it must produce (`expect`)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: consumers [-self-test] FILE...")
		os.Exit(2)
	}
	var cases []renderedCase
	for _, file := range flag.Args() {
		loaded, err := loadCases(file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			os.Exit(2)
		}
		cases = append(cases, loaded...)
	}
	if *selfTest {
		os.Exit(runSelfTest(cases))
	}
	os.Exit(runChecks(cases))
}

func runChecks(cases []renderedCase) int {
	total, machineConfigs, kubeletConfigs := 0, 0, 0
	for _, c := range cases {
		result := checkCase(c)
		machineConfigs += result.machineConfigs
		kubeletConfigs += result.kubeletConfigs
		for _, p := range result.problems {
			fmt.Printf("FAIL %s: %s\n", c.name, p)
		}
		total += len(result.problems)
		fmt.Printf("checked %-40s %d MachineConfig(s), %d KubeletConfig(s), %d problem(s)\n",
			c.name, result.machineConfigs, result.kubeletConfigs, len(result.problems))
	}
	fmt.Printf("consumers: %d case(s), %d MachineConfig(s), %d KubeletConfig(s): %d problem(s)\n",
		len(cases), machineConfigs, kubeletConfigs, total)
	if total > 0 {
		return 1
	}
	return 0
}

// runSelfTest proves each rule can fail: a case must report every expected fragment, and
// nothing else.
func runSelfTest(cases []renderedCase) int {
	failed := 0
	for _, c := range cases {
		got := checkCase(c).problems
		var missing []string
		for _, want := range c.expect {
			if !anyContains(got, want) {
				missing = append(missing, want)
			}
		}
		var unexpected []string
		for _, p := range got {
			if !containsAny(p, c.expect) {
				unexpected = append(unexpected, p)
			}
		}
		if len(missing)+len(unexpected) == 0 {
			fmt.Printf("ok   %s (%d problem(s) as expected)\n", c.name, len(got))
			continue
		}
		failed++
		fmt.Printf("FAIL %s\n", c.name)
		for _, m := range missing {
			fmt.Printf("     missing: %s\n", m)
		}
		for _, u := range unexpected {
			fmt.Printf("     unexpected: %s\n", u)
		}
	}
	fmt.Printf("consumers self-test: %d case(s), %d failed\n", len(cases), failed)
	if failed > 0 {
		return 1
	}
	return 0
}

type caseResult struct {
	problems                       []string
	machineConfigs, kubeletConfigs int
}

func checkCase(c renderedCase) caseResult {
	var result caseResult
	var kubeletConfigs []object
	for _, obj := range c.objects {
		switch obj.kind() {
		case "MachineConfig":
			result.machineConfigs++
			result.problems = append(result.problems, prefixed(obj, checkMachineConfig(obj))...)
		case "KubeletConfig":
			result.kubeletConfigs++
			kubeletConfigs = append(kubeletConfigs, obj)
			result.problems = append(result.problems, prefixed(obj, checkKubeletConfig(obj))...)
		}
	}
	result.problems = append(result.problems, checkOnePerPool(kubeletConfigs)...)
	result.problems = append(result.problems, checkCoverage(c)...)
	return result
}

func prefixed(obj object, problems []string) []string {
	out := make([]string, 0, len(problems))
	for _, p := range problems {
		out = append(out, obj.label()+": "+p)
	}
	return out
}

func caseName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
}

func anyContains(list []string, fragment string) bool {
	for _, s := range list {
		if strings.Contains(s, fragment) {
			return true
		}
	}
	return false
}

func containsAny(s string, fragments []string) bool {
	for _, f := range fragments {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
