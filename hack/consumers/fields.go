package main

import "encoding/json"

// specOf returns the object's spec as raw JSON, or false when it has none.
func specOf(raw []byte) ([]byte, bool) {
	var doc struct {
		Spec json.RawMessage `json:"spec"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Spec) == 0 || string(doc.Spec) == "null" {
		return nil, false
	}
	return doc.Spec, true
}

// rawField returns spec.<name> as raw JSON, or false when absent or null.
func rawField(raw []byte, name string) ([]byte, bool) {
	spec, ok := specOf(raw)
	if !ok {
		return nil, false
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(spec, &fields); err != nil {
		return nil, false
	}
	value, ok := fields[name]
	if !ok || string(value) == "null" {
		return nil, false
	}
	return value, true
}
