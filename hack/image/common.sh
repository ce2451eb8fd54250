# Shared settings for hack/image/*.sh (sourced, not run).
# Podman reads only this repository's containers.conf (sandbox ulimits, runc + cgroupfs).
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/containers.conf}"
IMAGE_CACHE=${IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/virt-platform-autopilot/image}
IMAGE_REPO=${IMAGE_REPO:-localhost/virt-platform-autopilot}
IMAGE_TAG=${IMAGE_TAG:-dev}

log() { printf '[image] %s\n' "$*" >&2; }

# Exit status 0 when podman can start a container here (used to skip, with a reason, elsewhere).
podman_usable() {
  command -v podman >/dev/null 2>&1 || { echo "podman is not installed"; return 1; }
  podman info >/dev/null 2>&1 || { echo "podman cannot run here: $(podman info 2>&1 | tail -1)"; return 1; }
  return 0
}

image_exists() { podman image exists "$1" 2>/dev/null; }

# Bytes of an image's uncompressed layers.
image_size() { podman image inspect --format '{{.Size}}' "$1"; }
