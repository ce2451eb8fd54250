import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../paths.js';

/**
 * The images hack/image/build.sh builds: the Dockerfile on its default runtime base and on the
 * distroless-style one. AUTOPILOT_IMAGES (comma-separated) names others.
 */
export const IMAGES = process.env.AUTOPILOT_IMAGES?.split(',').filter(Boolean) ?? [
  'localhost/virt-platform-autopilot:dev',
  'localhost/virt-platform-autopilot:dev-distroless',
];

/** podman with the repository's sandbox settings (hack/image/containers.conf). */
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? path.join(repoRoot, 'hack', 'image', 'containers.conf'),
});

/** Runs podman; a non-zero exit throws with podman's stderr. */
export function podman(args: readonly string[]): string {
  try {
    return execFileSync('podman', args, { encoding: 'utf8', env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`podman ${args.join(' ')} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/** Why the image cannot be run here (undefined when it can): no podman, or the image is not built. */
export function imageUnavailable(image: string): string | undefined {
  const info = spawnSync('podman', ['image', 'exists', image], { env: env(), encoding: 'utf8' });
  if (info.error) return `podman is not installed (${info.error.message})`;
  if (info.status !== 0) return `image ${image} is not built (run hack/image/build.sh)`;
  return undefined;
}

/** The user an image runs as (its USER instruction). */
export function imageUser(image: string): string {
  return podman(['image', 'inspect', '--format', '{{.Config.User}}', image]).trim();
}

/** The host PID of a running container's first process. */
export function containerPid(name: string): number {
  return Number(podman(['inspect', '--format', '{{.State.Pid}}', name]).trim());
}
