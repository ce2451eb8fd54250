import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';

/**
 * The nearest directory at or above `start` that holds a package.json: the repository root when
 * running from operator/, and the installed package when running from dist/operator/.
 */
export function findPackageRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new ConfigError(`no package.json found above ${start}`);
    dir = parent;
  }
}
