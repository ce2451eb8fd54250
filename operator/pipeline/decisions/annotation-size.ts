import { ANNOTATION_PREFIX, AnnotationError, MAX_ANNOTATION_BYTES } from '../annotations.js';

/** Rejects any `platform.kubevirt.io/*` annotation whose value exceeds 256 KiB (UTF-8 bytes). */
export function checkAnnotationSize(annotations: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!key.startsWith(ANNOTATION_PREFIX) || typeof value !== 'string') continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_ANNOTATION_BYTES) {
      throw new AnnotationError(key, `value is ${bytes} bytes, larger than the 256 KiB limit`);
    }
  }
}
