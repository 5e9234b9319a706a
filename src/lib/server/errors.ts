/** Typed errors: domain functions throw them; routes map them to HTTP and a translated message. */
export type ErrorCode =
	| 'unauthenticated'
	| 'forbidden'
	| 'not_found'
	| 'invalid_input'
	| 'conflict'
	| 'invalid_credentials'
	| 'rate_limited'
	| 'link_invalid'
	| 'account_disabled';

const httpStatus: Record<ErrorCode, number> = {
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	invalid_input: 400,
	conflict: 409,
	invalid_credentials: 400,
	rate_limited: 429,
	link_invalid: 410,
	account_disabled: 403
};

export class AppError extends Error {
	constructor(
		readonly code: ErrorCode,
		message?: string,
		/** Field name → error code, for form errors. */
		readonly fields?: Record<string, string>
	) {
		super(message ?? code);
		this.name = 'AppError';
	}

	get status(): number {
		return httpStatus[this.code];
	}
}

export function isAppError(e: unknown): e is AppError {
	return e instanceof AppError;
}
