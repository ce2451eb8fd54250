package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// object is one rendered Kubernetes object, kept as raw JSON so every check decodes it its own way.
type object struct {
	raw  json.RawMessage
	head struct {
		Kind     string `json:"kind"`
		Metadata struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
	}
}

func (o object) kind() string  { return o.head.Kind }
func (o object) label() string { return o.head.Kind + "/" + o.head.Metadata.Name }

type renderedCase struct {
	name    string
	objects []object
	expect  []string
	// vmPools: pool name -> how many nodes in it run VMs (known when the case says so).
	vmPools map[string]int
}

// loadCases reads one file in any of the three accepted shapes (see the package comment).
func loadCases(file string) ([]renderedCase, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Cases []struct {
			Name    string            `json:"name"`
			Objects []json.RawMessage `json:"objects"`
			Expect  []string          `json:"expect"`
			VMPools map[string]int    `json:"vmPools"`
		} `json:"cases"`
	}
	if len(data) > 0 && data[0] == '{' {
		if err := json.Unmarshal(data, &wrapped); err != nil {
			return nil, fmt.Errorf("not a {\"cases\": [...]} document: %w", err)
		}
		var cases []renderedCase
		for _, c := range wrapped.Cases {
			objects, err := objectsOf(c.Objects)
			if err != nil {
				return nil, fmt.Errorf("case %s: %w", c.Name, err)
			}
			cases = append(cases, renderedCase{name: c.Name, objects: objects, expect: c.Expect, vmPools: c.VMPools})
		}
		return cases, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, fmt.Errorf("not a JSON array of render reports or objects: %w", err)
	}
	var raws []json.RawMessage
	for _, item := range items {
		// A render report carries the object under "object"; excluded assets have none.
		var report struct {
			Asset  *string         `json:"asset"`
			Object json.RawMessage `json:"object"`
		}
		if err := json.Unmarshal(item, &report); err != nil {
			return nil, err
		}
		switch {
		case report.Asset == nil:
			raws = append(raws, item)
		case len(report.Object) > 0:
			raws = append(raws, report.Object)
		}
	}
	objects, err := objectsOf(raws)
	if err != nil {
		return nil, err
	}
	pools, err := sidecarPools(file)
	if err != nil {
		return nil, err
	}
	return []renderedCase{{name: caseName(file), objects: objects, vmPools: pools}}, nil
}

// sidecarPools reads FILE.pools.json ({"worker": 3, "master": 0}: VM nodes per pool) when present.
func sidecarPools(file string) (map[string]int, error) {
	data, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".pools.json")
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var pools map[string]int
	if err := json.Unmarshal(data, &pools); err != nil {
		return nil, fmt.Errorf("pools sidecar: %w", err)
	}
	return pools, nil
}

func objectsOf(raws []json.RawMessage) ([]object, error) {
	objects := make([]object, 0, len(raws))
	for _, raw := range raws {
		o := object{raw: raw}
		if err := json.Unmarshal(raw, &o.head); err != nil {
			return nil, fmt.Errorf("object is not a Kubernetes object: %w", err)
		}
		objects = append(objects, o)
	}
	return objects, nil
}
