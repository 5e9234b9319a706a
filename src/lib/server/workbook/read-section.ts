import { and, eq } from 'drizzle-orm';
import type { SectionStatus } from '../../domain/plan-review';
import type { SectionData } from '../../domain/workbook-values';
import type { Executor } from '../db/client';
import { planSection, user, workbook } from '../db/schema';

/** Where a section lives: the cooperative's workbook in a programme, and the section's key. */
export interface SectionRef {
	cooperativeId: string;
	programmeId: string;
	/** `<part>.<section>` of content/workbook.yaml. */
	sectionKey: string;
}

/** A saved version of a section: what it holds, its revision, who saved it and when. */
export interface SectionVersion {
	revision: number;
	data: SectionData;
	savedBy: string | null;
	savedAt: Date | null;
	status: SectionStatus;
}

/** A section never saved: revision 0, nothing in it (a save names 0 as the revision it edits). */
export const emptySection: SectionVersion = {
	revision: 0,
	data: {},
	savedBy: null,
	savedAt: null,
	status: 'empty'
};

/**
 * The current data and revision of a workbook section. The caller has checked access (a run
 * context for `run.read`, or the workbook pages' own check): this only reads.
 */
export async function readSection(db: Executor, ref: SectionRef): Promise<SectionVersion> {
	const [row] = await db
		.select({
			revision: planSection.revision,
			data: planSection.data,
			savedBy: user.name,
			savedAt: planSection.updatedAt,
			status: planSection.status
		})
		.from(planSection)
		.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
		.leftJoin(user, eq(user.id, planSection.updatedBy))
		.where(
			and(
				eq(workbook.cooperativeId, ref.cooperativeId),
				eq(workbook.programmeId, ref.programmeId),
				eq(planSection.sectionKey, ref.sectionKey)
			)
		);
	if (!row) return emptySection;
	return { ...row, data: row.data as SectionData };
}
