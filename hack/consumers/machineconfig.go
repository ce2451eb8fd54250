package main

import (
	"fmt"
	"strings"

	ignition "github.com/coreos/ignition/v2/config/v3_5"
	igntypes "github.com/coreos/ignition/v2/config/v3_5/types"
	"github.com/vincent-petithory/dataurl"
	k8sjson "sigs.k8s.io/json"
)

// The MachineConfig spec fields the CRD keeps; anything else is pruned by the API server, so a
// template that writes it would silently lose it.
type machineConfigSpec struct {
	Config                         map[string]any `json:"config"`
	KernelArguments                []string       `json:"kernelArguments"`
	KernelType                     string         `json:"kernelType"`
	Extensions                     []string       `json:"extensions"`
	FIPS                           bool           `json:"fips"`
	OSImageURL                     string         `json:"osImageURL"`
	BaseOSExtensionsContainerImage string         `json:"baseOSExtensionsContainerImage"`
}

const roleLabel = "machineconfiguration.openshift.io/role"

// Kernel flavours the machine-config controller accepts ("" means the default kernel).
var kernelTypes = map[string]bool{"": true, "default": true, "realtime": true, "64k-pages": true}

// RHCOS extensions the machine-config controller knows (names only; each layers packages and reboots).
var extensions = map[string]bool{
	"two-node-ha": true, "ipsec": true, "usbguard": true, "kerberos": true,
	"kernel-devel": true, "sandboxed-containers": true, "sysstat": true,
}

// The file whose presence makes the daemon skip its own validation; a config may never write it.
const daemonForceFile = "/run/machine-config-daemon-force"

// Kubelet drop-ins: the kubelet reads every file here as a KubeletConfiguration fragment.
const kubeletDropInDir = "/etc/openshift/kubelet.conf.d/"

func checkMachineConfig(obj object) []string {
	var spec machineConfigSpec
	var problems []string
	if raw, ok := specOf(obj.raw); ok {
		problems = append(problems, strictInto(raw, &spec, "spec")...)
	} else {
		problems = append(problems, "no spec")
	}
	if role := obj.head.Metadata.Labels[roleLabel]; role == "" {
		problems = append(problems, "no "+roleLabel+" label: the MachineConfig belongs to no pool")
	}
	if !kernelTypes[spec.KernelType] {
		problems = append(problems, fmt.Sprintf("spec.kernelType %q is not one of default, realtime, 64k-pages", spec.KernelType))
	}
	for _, ext := range spec.Extensions {
		if !extensions[ext] {
			problems = append(problems, fmt.Sprintf("spec.extensions: %q is not an RHCOS extension the MCO knows", ext))
		}
	}
	if spec.FIPS {
		problems = append(problems, "spec.fips: the daemon refuses to change FIPS mode on a running node")
	}
	for i, arg := range spec.KernelArguments {
		if strings.TrimSpace(arg) == "" {
			problems = append(problems, fmt.Sprintf("spec.kernelArguments[%d] is empty", i))
		}
	}
	raw, ok := rawField(obj.raw, "config")
	if !ok {
		return append(problems, "spec.config is missing: the MCO needs an Ignition config with a version")
	}
	return append(problems, checkIgnition(raw)...)
}

// checkIgnition runs Ignition's own parser and validator (the same entry point the MCO uses:
// any 3.x spec up to 3.5 is accepted and translated) and then the day-2 limits of the daemon.
func checkIgnition(raw []byte) []string {
	cfg, report, err := ignition.ParseCompatibleVersion(raw)
	var problems []string
	for _, entry := range report.Entries {
		// Warnings count too: Ignition warns about unused keys, which are typos nobody will see.
		problems = append(problems, "ignition: "+entry.String())
	}
	if err != nil {
		return append(problems, "ignition: "+err.Error())
	}
	return append(problems, dayTwoLimits(cfg)...)
}

// dayTwoLimits: a running node only takes files, systemd units and the core user's SSH keys or
// password in place; anything else would leave the pool Degraded (the node needs reprovisioning).
func dayTwoLimits(cfg igntypes.Config) []string {
	var problems []string
	refuse := func(section string, n int) {
		if n > 0 {
			problems = append(problems, fmt.Sprintf("ignition storage.%s: the daemon cannot change %s on a running node", section, section))
		}
	}
	refuse("disks", len(cfg.Storage.Disks))
	refuse("filesystems", len(cfg.Storage.Filesystems))
	refuse("raid", len(cfg.Storage.Raid))
	refuse("luks", len(cfg.Storage.Luks))
	refuse("directories", len(cfg.Storage.Directories))
	refuse("links", len(cfg.Storage.Links))
	if len(cfg.KernelArguments.ShouldExist)+len(cfg.KernelArguments.ShouldNotExist) > 0 {
		problems = append(problems, "ignition kernelArguments: the MCO ignores them; use spec.kernelArguments")
	}
	if len(cfg.Passwd.Groups) > 0 {
		problems = append(problems, "ignition passwd.groups: groups cannot be changed on a running node")
	}
	for _, user := range cfg.Passwd.Users {
		problems = append(problems, checkUser(user)...)
	}
	for _, file := range cfg.Storage.Files {
		problems = append(problems, checkFile(file)...)
	}
	return problems
}

func checkUser(user igntypes.PasswdUser) []string {
	if user.Name != "core" {
		return []string{fmt.Sprintf("ignition passwd.users %q: only the core user can be changed on a running node", user.Name)}
	}
	rest := user
	rest.Name, rest.SSHAuthorizedKeys, rest.PasswordHash = "", nil, nil
	if fmt.Sprint(rest) != fmt.Sprint(igntypes.PasswdUser{}) {
		return []string{"ignition passwd.users core: only sshAuthorizedKeys and passwordHash can change on a running node"}
	}
	return nil
}

func checkFile(file igntypes.File) []string {
	var problems []string
	at := "ignition storage.files " + file.Path
	if len(file.Append) > 0 {
		problems = append(problems, at+": append is not idempotent, the daemon refuses it")
	}
	if file.Path == daemonForceFile {
		problems = append(problems, at+": this path switches off the daemon's validation")
	}
	if file.Mode != nil && (*file.Mode < 0 || *file.Mode > 0o777) {
		problems = append(problems, fmt.Sprintf("%s: mode %#o has setuid, setgid or sticky bits (the MCO allows at most 0777)", at, *file.Mode))
	}
	source := file.Contents.Source
	if source == nil {
		return problems
	}
	if !strings.HasPrefix(*source, "data:") {
		return append(problems, at+": contents.source must be a data URL (the daemon never fetches remote contents)")
	}
	if c := file.Contents.Compression; c != nil && *c != "" {
		problems = append(problems, at+": compressed contents are not byte-stable across builds (SPEC section 8)")
	}
	decoded, err := dataurl.DecodeString(*source)
	if err != nil {
		return append(problems, at+": contents.source is not a valid data URL: "+err.Error())
	}
	if strings.HasPrefix(file.Path, kubeletDropInDir) {
		for _, p := range decodeKubeletConfiguration(decoded.Data, true) {
			problems = append(problems, at+": "+p)
		}
	}
	return problems
}

// strictInto decodes raw into v, reporting unknown, duplicate and wrongly cased fields.
func strictInto(raw []byte, v any, what string) []string {
	strict, err := k8sjson.UnmarshalStrict(raw, v)
	if err != nil {
		return []string{fmt.Sprintf("%s does not decode: %v", what, err)}
	}
	var problems []string
	for _, e := range strict {
		problems = append(problems, fmt.Sprintf("%s: %v (the API server or the consumer drops it)", what, e))
	}
	return problems
}
