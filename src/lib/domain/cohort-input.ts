import { z } from 'zod';
import { isIsoDate } from './bolivia';
import {
	manyOf,
	optionalCount,
	optionalDate,
	optionalText,
	orgName,
	requiredDate,
	requiredUuid
} from './form-input';

/** The courses a cohort can offer (content/<slug>). */
export const courseSlugs = ['think-coop', 'start-coop'] as const;

export const programmeInput = z
	.object({
		name: orgName(),
		description: optionalText(2000),
		startsOn: optionalDate,
		endsOn: optionalDate
	})
	.refine(
		(p) => !isIsoDate(p.startsOn ?? '') || !isIsoDate(p.endsOn ?? '') || p.endsOn! >= p.startsOn!,
		{
			message: 'before_start',
			path: ['endsOn'],
			when: () => true
		}
	);
export type ProgrammeInput = z.infer<typeof programmeInput>;

export const cohortInput = z
	.object({
		programmeId: requiredUuid,
		name: orgName(),
		startsOn: requiredDate,
		endsOn: requiredDate,
		capacity: optionalCount.refine((v) => v === null || v > 0, 'invalid_number'),
		courses: manyOf(courseSlugs).refine((a) => a.length > 0, 'required')
	})
	.refine(
		(c) => !isIsoDate(c.startsOn ?? '') || !isIsoDate(c.endsOn ?? '') || c.endsOn >= c.startsOn,
		{
			message: 'before_start',
			path: ['endsOn'],
			when: () => true
		}
	);
export type CohortInput = z.infer<typeof cohortInput>;
