// Validates an OLM bundle directory (manifests/ and metadata/) with OLM's own validation library,
// github.com/operator-framework/api/pkg/validation: the checks `operator-sdk bundle validate` runs
// (ClusterServiceVersion, CRD and bundle validators), plus the object, good-practices and
// OperatorHub validators. Prints every error and warning; exits 1 on any error.
//
//	validate BUNDLE_DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/operator-framework/api/pkg/manifests"
	"github.com/operator-framework/api/pkg/validation"
	"sigs.k8s.io/yaml"
)

// The annotations a registry+v1 bundle image carries (metadata/annotations.yaml).
var requiredAnnotations = map[string]string{
	"operators.operatorframework.io.bundle.mediatype.v1": "registry+v1",
	"operators.operatorframework.io.bundle.manifests.v1": "manifests/",
	"operators.operatorframework.io.bundle.metadata.v1":  "metadata/",
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: validate BUNDLE_DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	failed := checkMetadata(dir)

	bundle, err := manifests.GetBundleFromDir(filepath.Join(dir, "manifests"))
	if err != nil {
		fmt.Printf("ERROR bundle %s: %v\n", dir, err)
		os.Exit(1)
	}
	validators := validation.DefaultBundleValidators.WithValidators(
		validation.ObjectValidator,
		validation.GoodPracticesValidator,
		validation.OperatorHubV2Validator,
	)
	errors, warnings := 0, 0
	for _, result := range validators.Validate(bundle.ObjectsToValidate()...) {
		for _, e := range result.Errors {
			errors++
			fmt.Printf("ERROR %s: %s\n", result.Name, e.Error())
		}
		for _, w := range result.Warnings {
			warnings++
			fmt.Printf("WARNING %s: %s\n", result.Name, w.Error())
		}
	}
	fmt.Printf("bundle %s (%s): %d errors, %d warnings\n", dir, bundle.CSV.GetName(), errors, warnings)
	if failed || errors > 0 {
		os.Exit(1)
	}
}

// checkMetadata reports a missing or wrong registry+v1 annotation; true when one is.
func checkMetadata(dir string) bool {
	file := filepath.Join(dir, "metadata", "annotations.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Printf("ERROR %s: %v\n", file, err)
		return true
	}
	var doc struct {
		Annotations map[string]string `json:"annotations"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		fmt.Printf("ERROR %s: %v\n", file, err)
		return true
	}
	failed := false
	for key, want := range requiredAnnotations {
		if got := doc.Annotations[key]; got != want {
			fmt.Printf("ERROR %s: annotation %s is %q, want %q\n", file, key, got, want)
			failed = true
		}
	}
	if doc.Annotations["operators.operatorframework.io.bundle.package.v1"] == "" {
		fmt.Printf("ERROR %s: annotation operators.operatorframework.io.bundle.package.v1 is missing\n", file)
		failed = true
	}
	return failed
}
