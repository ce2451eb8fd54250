import { readFileSync } from 'node:fs';
import { OperatorError } from '../../errors.js';

export interface TokenFileOptions {
  now?: () => number;
  /** How long a read token is trusted before the file is read again (client-go: one minute). */
  maxAgeMs?: number;
  read?: (path: string) => string;
}

const TOKEN_MAX_AGE_MS = 60_000;

/** Reads a file as UTF-8 text; errors name the file. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new OperatorError(`${what} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A bearer token from a file that the kubelet rotates (projected ServiceAccount tokens expire
 * after an hour). The first read happens now and throws when the file is missing or empty; later
 * reads happen at most once per `maxAgeMs`, and a failed or empty re-read keeps the last token.
 */
export function tokenFromFile(path: string, options: TokenFileOptions = {}): () => string {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? TOKEN_MAX_AGE_MS;
  const read = options.read ?? ((p: string) => readText(p, 'token file'));
  let token = read(path).trim();
  if (!token) throw new OperatorError(`token file ${path} is empty`);
  let readAt = now();
  return () => {
    if (now() - readAt < maxAgeMs) return token;
    readAt = now();
    try {
      token = read(path).trim() || token;
    } catch {
      // Mid-rotation or briefly unreadable: the last token is still valid for a while.
    }
    return token;
  };
}
