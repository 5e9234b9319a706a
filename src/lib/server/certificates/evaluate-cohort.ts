import { and, desc, eq } from 'drizzle-orm';
import {
	standingOf,
	unmetConditions,
	type CompletionRule,
	type Standing,
	type Unmet
} from '../../domain/certificates/rule';
import { assertCan, type Actor } from '../access/guard';
import { certificate } from '../db/schema';
import { loadCohortRule, loadMembers, type CertificateDeps } from './cohort-context';

export interface CertificateSummary {
	id: string;
	code: string;
	issuedAt: Date;
	revokedAt: Date | null;
	revokeReason: string | null;
}

export interface MemberStanding {
	personId: string;
	name: string;
	cooperative: string;
	standing: Standing;
	unmet: Unmet[];
	/** The standing certificate, else the latest revoked one. */
	certificate: CertificateSummary | null;
}

export interface CohortCertificates {
	cohort: { id: string; name: string };
	courses: Array<{ slug: string; title: { es: string; en: string } }>;
	rule: CompletionRule;
	revision: number;
	members: MemberStanding[];
	counts: Record<Standing, number> & { issued: number };
}

/**
 * The certificates page of a cohort (coordinators): the rule, and every member with whether
 * they meet it, almost do or not yet — and why not — beside any certificate already given.
 */
export async function evaluateCohort(
	deps: CertificateDeps,
	actor: Actor | null,
	cohortId: string
): Promise<CohortCertificates> {
	assertCan(actor, 'certificate.manage', { cohortIds: [cohortId] });
	const ctx = await loadCohortRule(deps, cohortId);
	const [members, certs] = await Promise.all([
		loadMembers(deps, ctx),
		deps.db
			.select({
				id: certificate.id,
				personId: certificate.personId,
				code: certificate.code,
				issuedAt: certificate.issuedAt,
				revokedAt: certificate.revokedAt,
				revokeReason: certificate.revokeReason
			})
			.from(certificate)
			.where(and(eq(certificate.cohortId, cohortId)))
			.orderBy(desc(certificate.issuedAt))
	]);
	const byPerson = new Map<string, CertificateSummary>();
	for (const { personId, ...c } of certs) {
		const had = byPerson.get(personId);
		if (!had || (had.revokedAt && !c.revokedAt)) byPerson.set(personId, c);
	}
	const counts = { meets: 0, almost: 0, not_yet: 0, issued: 0 };
	const out = members.map((m) => {
		const unmet = unmetConditions(ctx.rule, m.record);
		const standing = standingOf(unmet);
		const cert = byPerson.get(m.personId) ?? null;
		counts[standing]++;
		if (cert && !cert.revokedAt) counts.issued++;
		return {
			personId: m.personId,
			name: m.name,
			cooperative: m.cooperative,
			standing,
			unmet,
			certificate: cert
		};
	});
	return {
		cohort: { id: ctx.cohort.id, name: ctx.cohort.name },
		courses: ctx.courses.map((c) => ({ slug: c.slug, title: c.title })),
		rule: ctx.rule,
		revision: ctx.revision,
		members: out,
		counts
	};
}
