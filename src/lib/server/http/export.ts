import { error } from '@sveltejs/kit';
import { isAppError } from '../errors';
import type { ExportFormat } from '../export/write-table';

export function exportFormat(url: URL): ExportFormat {
	return url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
}

/** Prepares a list for export; a refusal is a 403, never a half-written file. */
export function prepareOrError<T>(prepare: () => T): T {
	try {
		return prepare();
	} catch (e) {
		if (isAppError(e) && (e.code === 'forbidden' || e.code === 'unauthenticated'))
			error(e.code === 'forbidden' ? 403 : 401, e.code);
		throw e;
	}
}
