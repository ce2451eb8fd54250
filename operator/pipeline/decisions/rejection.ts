import { KubeApiError } from '../../errors.js';

/**
 * Whether the API server refused the object itself (its content), as opposed to being unable to
 * answer: 422 Invalid, 400 BadRequest, or the 500 a Server-Side Apply gives when a value does not
 * fit the schema's type ("failed to create typed patch object"). Retrying cannot help these.
 */
export function isContentRejection(err: unknown): boolean {
  if (!(err instanceof KubeApiError)) return false;
  if (err.status === 422 || err.status === 400) return true;
  return err.status === 500 && /failed to create typed patch object/i.test(err.message);
}
