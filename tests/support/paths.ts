import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const crdDir = path.join(repoRoot, 'tests', 'fixtures', 'crds');
export const localCrdDir = path.join(repoRoot, 'tests', 'fixtures', 'crds-local');
