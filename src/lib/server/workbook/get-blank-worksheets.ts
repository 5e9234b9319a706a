import type { Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import { AppError } from '../errors';
import { renderBlankWorksheetsPdf } from './blank-worksheets-pdf';

// The whole workbook takes about 0.7 s to lay out and one part about 0.1 s; the sheets depend only
// on the content version, the language and the part, so each is made once per process. At most
// (parts + 1) × languages entries per content version; an older version's entries are dropped.
const cache = new Map<string, Promise<Buffer>>();
let cachedVersion: string | undefined;

/**
 * The workbook's blank worksheets as a PDF, whole or one part. Any signed-in person may have them:
 * they hold no one's data. An unknown part is "not found".
 */
export async function getBlankWorksheets(
	deps: { curriculum: Curriculum },
	actor: Actor | null,
	input: { locale: Locale; partId?: string | null }
): Promise<{ pdf: Buffer; partId: string | null }> {
	if (!actor) throw new AppError('unauthenticated');
	const { curriculum } = deps;
	const partId = input.partId ?? null;
	if (partId !== null && !curriculum.workbook.parts.some((p) => p.id === partId))
		throw new AppError('not_found', 'no such workbook part');
	if (cachedVersion !== curriculum.version) {
		cache.clear();
		cachedVersion = curriculum.version;
	}
	const key = `${input.locale}:${partId ?? ''}`;
	let pdf = cache.get(key);
	if (!pdf) {
		pdf = renderBlankWorksheetsPdf(curriculum.workbook, input.locale, partId ?? undefined);
		cache.set(key, pdf);
		// A failed render is not kept, so the next request tries again.
		pdf.catch(() => cache.delete(key));
	}
	return { pdf: await pdf, partId };
}

/** The workbook parts a course's worksheets and decisions write into, in workbook order. */
export function courseWorkbookParts(curriculum: Curriculum, courseSlug: string): string[] {
	const written = new Set<string>();
	for (const mod of curriculum.course(courseSlug)?.modules ?? [])
		for (const s of mod.sessions)
			for (const a of s.activities)
				if ((a.type === 'worksheet' || a.type === 'decide') && a.workbook)
					written.add(a.workbook.part);
	return curriculum.workbook.parts.map((p) => p.id).filter((id) => written.has(id));
}
