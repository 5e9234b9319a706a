import { eq } from 'drizzle-orm';
import {
	FINANCE_SECTION_KEY,
	financeInputFromSection,
	hasFinanceInputs
} from '../../domain/finance/from-section';
import type { Actor } from '../access/guard';
import type { Curriculum, Locale } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cooperative } from '../db/schema';
import { AppError } from '../errors';
import { financeXlsx } from './finance-xlsx';
import { readSection } from './read-section';
import { loadSectionContext } from './section-context';

/**
 * The team's financial plan as a spreadsheet with live formulas, for those who may read the plan
 * (`plan.read`). Not found while the team has entered no figures.
 */
export async function exportFinanceXlsx(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<{ file: Buffer; cooperative: string }> {
	const ctx = await loadSectionContext(deps, actor, teamId, FINANCE_SECTION_KEY, 'plan.read');
	const saved = await readSection(deps.db, ctx.ref);
	if (saved.revision === 0 || !hasFinanceInputs(saved.data))
		throw new AppError('not_found', 'no financial plan yet');
	const [coop] = await deps.db
		.select({ name: cooperative.name })
		.from(cooperative)
		.where(eq(cooperative.id, ctx.ref.cooperativeId));
	const name = coop?.name ?? '';
	const title = `${ctx.section.title[locale]} — ${name}`;
	return {
		file: await financeXlsx(financeInputFromSection(saved.data), locale, title),
		cooperative: name
	};
}
