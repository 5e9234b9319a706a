import { m } from '$lib/paraglide/messages';

/** Field error codes from the server → translated text. */
const fieldMessages: Record<string, () => string> = {
	too_short: m.error_too_short,
	too_long: m.error_too_long,
	mismatch: m.error_mismatch,
	required: m.sign_in_error_required
};

export function fieldError(code: string | undefined): string | undefined {
	if (!code) return undefined;
	return (fieldMessages[code] ?? m.error_generic)();
}
