import { z } from 'zod';
import {
	ADULT_AGE,
	ageOn,
	cooperativeStatuses,
	departmentCodes,
	federationLevels,
	mineralCodes,
	normalizeCi,
	sexes
} from './bolivia';
import {
	manyOf,
	oneOf,
	optionalCount,
	optionalDate,
	optionalOneOf,
	optionalOrgName,
	optionalText,
	orgName,
	personName,
	requiredUuid
} from './form-input';
import { normalizeBoPhone } from './phone';

export const federationInput = z
	.object({
		name: orgName(),
		shortName: orgName(40),
		level: oneOf(federationLevels),
		department: optionalOneOf(departmentCodes)
	})
	// Checked even when other fields are wrong, so the form shows every problem at once.
	.refine((f) => f.level !== 'departmental' || !!f.department, {
		message: 'required',
		path: ['department'],
		when: () => true
	});
export type FederationInput = z.infer<typeof federationInput>;

export const cooperativeInput = z.object({
	name: orgName(),
	shortName: optionalOrgName(80),
	// AFCOOP registry numbers are compared without regard to case or spaces.
	registryNumber: optionalText(40).transform((v) => v?.toUpperCase().replace(/\s+/g, '') || null),
	federationId: requiredUuid,
	minerals: manyOf(mineralCodes),
	department: oneOf(departmentCodes),
	municipality: optionalText(100),
	membersWomen: optionalCount,
	membersMen: optionalCount,
	miningContract: optionalText(100),
	status: oneOf(cooperativeStatuses)
});
export type CooperativeInput = z.infer<typeof cooperativeInput>;

const phone = optionalText(30).superRefine((v, ctx) => {
	if (v && !normalizeBoPhone(v)) ctx.addIssue({ code: 'custom', message: 'invalid_phone' });
});
const ci = optionalText(20).superRefine((v, ctx) => {
	if (v && !normalizeCi(v)) ctx.addIssue({ code: 'custom', message: 'invalid_ci' });
});

/** The fields of a member record; `today` decides who is an adult. */
export function personFields(today: string) {
	return {
		givenNames: personName('givenNames'),
		surnames: personName('surnames'),
		ciNumber: ci.transform((v) => (v ? normalizeCi(v) : null)),
		ciExtension: optionalOneOf(departmentCodes),
		sex: oneOf(sexes),
		birthDate: optionalDate.superRefine((v, ctx) => {
			if (!v) return;
			if (v > today) ctx.addIssue({ code: 'custom', message: 'future' });
			else if (ageOn(v, today) < ADULT_AGE) ctx.addIssue({ code: 'custom', message: 'minor' });
			else if (ageOn(v, today) > 110) ctx.addIssue({ code: 'custom', message: 'too_old' });
		}),
		phone: phone.transform((v) => (v ? normalizeBoPhone(v) : null)),
		roleInCooperative: optionalText(100)
	};
}

export function personInput(today: string) {
	return z.object({ ...personFields(today), cooperativeId: requiredUuid });
}
export type PersonInput = z.infer<ReturnType<typeof personInput>>;

/** The member fields a cooperative lead may propose to correct. */
export const correctableFields = [
	'givenNames',
	'surnames',
	'ciNumber',
	'ciExtension',
	'sex',
	'birthDate',
	'phone',
	'roleInCooperative'
] as const;
export type CorrectableField = (typeof correctableFields)[number];
