import { ANNOTATIONS, AnnotationError } from '../annotations.js';

export type Mode = 'managed' | 'unmanaged';

/**
 * The per-object opt-out. Absent or empty means managed; `managed` and `unmanaged` are taken
 * as written (surrounding spaces ignored); any other value is an error, so a typo such as
 * `Unmanaged` holds the object instead of silently overwriting what the user meant to protect.
 */
export function parseMode(value: string | undefined): Mode {
  const mode = value?.trim() ?? '';
  if (mode === '' || mode === 'managed') return 'managed';
  if (mode === 'unmanaged') return 'unmanaged';
  const shown = mode.length > 64 ? `${mode.slice(0, 64)}...` : mode;
  throw new AnnotationError(ANNOTATIONS.mode, `unknown mode "${shown}" (expected "unmanaged" or "managed")`);
}
