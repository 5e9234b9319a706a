/** The unique index a failed insert or update ran into, if that is why it failed. */
export function uniqueViolation(e: unknown): string | null {
	// Drizzle wraps driver errors; PGlite and node-postgres both report code and constraint.
	for (let err = e as { code?: string; constraint?: string; cause?: unknown } | undefined; err;) {
		if (err.code === '23505') return err.constraint ?? '';
		err = err.cause as typeof err;
	}
	return null;
}
