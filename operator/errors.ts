/**
 * The error vocabulary. Expected answers (not found, skipped) are values, not throws; these
 * classes describe what the work queue should do with a failure (see runtime/requeue-policy.ts).
 */
export class OperatorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Retrying cannot help: the fix arrives as a new event (for example a corrected annotation). */
export class TerminalError extends OperatorError {}

/** An expected wait: requeue after `delayMs`, without counting as a failure. */
export class RetryLaterError extends OperatorError {
  constructor(
    message: string,
    readonly delayMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A non-2xx answer from the API server, with the HTTP status and the Status reason. */
export class KubeApiError extends OperatorError {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
  get isConflict(): boolean {
    return this.status === 409;
  }
  get isForbidden(): boolean {
    return this.status === 403;
  }
  get isGone(): boolean {
    return this.status === 410;
  }
}

/** The message of any thrown value, for logs and Events. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
