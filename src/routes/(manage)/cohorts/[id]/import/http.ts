import { error, redirect } from '@sveltejs/kit';
import { isAppError } from '$lib/server/errors';

/** An AppError from a domain function as the HTTP answer a page gets; anything else goes on. */
export function asHttpError(e: unknown): never {
	if (isAppError(e)) {
		if (e.code === 'unauthenticated') redirect(303, '/sign-in');
		error(e.status, e.code);
	}
	throw e;
}

/** `Content-Disposition` for a download whose name may carry accents. */
export function attachment(fileName: string): string {
	const ascii = fileName
		.normalize('NFD')
		.replace(/[^\x20-\x7e]/g, '')
		.replace(/["\\]/g, '');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
