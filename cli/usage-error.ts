/** A mistake in how the CLI was called or a file it could not read: exit code 2, no stack trace. */
export class UsageError extends Error { }
