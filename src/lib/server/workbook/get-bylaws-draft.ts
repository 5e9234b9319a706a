import { and, eq, inArray } from 'drizzle-orm';
import { FINANCE_SECTION_KEY } from '../../domain/finance/from-section';
import type { SectionData } from '../../domain/workbook-values';
import { m } from '../../paraglide/messages.js';
import { assertCan, type Actor } from '../access/guard';
import type { Curriculum, Field, Locale, WorkbookSection } from '../curriculum/schema';
import type { Executor } from '../db/client';
import { cooperative, enrolment, federation, person, planSection, workbook } from '../db/schema';
import { AppError } from '../errors';
import { loadTeamAccess } from '../sessions/team-access';
import { shownValue } from './shown-value';

export const GOVERNANCE_KEY = 'organisation.governance';
export const BYLAWS_KEY = 'organisation.bylaws';
export const POLICIES_KEY = 'organisation.policies';

/** A piece of an article: the group's words, a list, or what is still missing. */
export type BylawsBlock =
	| { kind: 'text'; text: string }
	| { kind: 'list'; items: string[] }
	| { kind: 'missing'; text: string };

export interface BylawsArticle {
	heading: string;
	blocks: BylawsBlock[];
}

export interface BylawsChapter {
	title: string;
	articles: BylawsArticle[];
}

export interface BylawsDraft {
	/** "Cooperativa Minera <name>", as the registry names it. */
	cooperative: string;
	federation: string | null;
	team: string;
	chapters: BylawsChapter[];
	/** How many "[Falta: …]" places the group still has to fill in. */
	missing: number;
}

/** The four shares of the surplus in the financial plan, in the order the workbook asks them. */
const SURPLUS_SHARES = ['reservesPercent', 'educationPercent', 'socialPercent', 'returnPercent'];
/** Each policy's text field and the choice field with its state. */
const POLICIES = [
	'osh',
	'gender',
	'environment',
	'childLabour',
	'socialSecurity',
	'surplusSharing'
] as const;
/** The most office holders looked up by name (a table holds at most 200 rows). */
const NAMES_MAX = 200;

/**
 * A first draft of the cooperative's bylaws (estatuto orgánico), put together from what the group
 * saved in the organisation part of the workbook (and the surplus shares of its financial plan),
 * in the chapters a Bolivian cooperative's bylaws follow under Law 356. Whatever the group left
 * empty is a visible "missing" place, never left out. Readers: `plan.read` on the team.
 */
export async function getBylawsDraft(
	deps: { db: Executor; curriculum: Curriculum },
	actor: Actor | null,
	teamId: string,
	locale: Locale
): Promise<BylawsDraft> {
	if (!actor) throw new AppError('unauthenticated');
	const t = await loadTeamAccess(deps.db, actor, teamId);
	if (!t) throw new AppError('not_found');
	assertCan(actor, 'plan.read', t.scope);
	if (!t.cooperativeId) throw new AppError('not_found', 'team without cooperative');
	const keys = [GOVERNANCE_KEY, BYLAWS_KEY, POLICIES_KEY, FINANCE_SECTION_KEY];
	const [[names], rows] = await Promise.all([
		deps.db
			.select({ cooperative: cooperative.name, federation: federation.name })
			.from(cooperative)
			.leftJoin(federation, eq(federation.id, cooperative.federationId))
			.where(eq(cooperative.id, t.cooperativeId)),
		deps.db
			.select({ key: planSection.sectionKey, data: planSection.data })
			.from(planSection)
			.innerJoin(workbook, eq(workbook.id, planSection.workbookId))
			.where(
				and(
					eq(workbook.cooperativeId, t.cooperativeId),
					eq(workbook.programmeId, t.programmeId),
					inArray(planSection.sectionKey, keys)
				)
			)
	]);
	const saved = new Map(rows.map((r) => [r.key, (r.data ?? {}) as SectionData]));
	const data = (key: string) => saved.get(key) ?? {};
	const section = (key: string): WorkbookSection => {
		const s = deps.curriculum.section(key);
		if (!s) throw new Error(`workbook.yaml has no section ${key}`);
		return s;
	};
	const governance = section(GOVERNANCE_KEY);
	const officers = tableRows(data(GOVERNANCE_KEY).officers);
	// Office holders by name: people of this team, also those who have left it since.
	const ids = [
		...new Set(officers.map((r) => r.person).filter((v): v is string => typeof v === 'string'))
	]
		.filter((id) => /^[0-9a-f-]{36}$/i.test(id))
		.slice(0, NAMES_MAX);
	const people = ids.length
		? await deps.db
				.selectDistinct({ id: person.id, given: person.givenNames, surnames: person.surnames })
				.from(person)
				.innerJoin(enrolment, eq(enrolment.personId, person.id))
				.where(and(eq(enrolment.teamId, t.id), inArray(person.id, ids)))
		: [];
	const who = new Map(people.map((p) => [p.id, `${p.given} ${p.surnames}`]));

	const name = names?.cooperative ?? t.name;
	const full = /^cooperativa\b/i.test(name) ? name : `Cooperativa Minera ${name}`;
	const o = { locale };
	const draft = new DraftBuilder(locale);
	const bylaws = draft.fieldsOf(section(BYLAWS_KEY), data(BYLAWS_KEY));

	draft.chapter(m.orgdoc_ch_name({}, o), [
		{
			heading: m.orgdoc_art_name({}, o),
			blocks: [{ kind: 'text', text: m.orgdoc_name_text({ name: full }, o) }]
		},
		bylaws('nameAddressDuration')
	]);
	draft.chapter(m.orgdoc_ch_purpose({}, o), [bylaws('purpose')]);
	draft.chapter(m.orgdoc_ch_values({}, o), [bylaws('valuesPrinciples')]);
	draft.chapter(m.orgdoc_ch_members({}, o), [
		{
			heading: m.orgdoc_art_law_members({}, o),
			blocks: [{ kind: 'text', text: m.orgdoc_law_members_text({}, o) }]
		},
		bylaws('admission'),
		bylaws('rightsDuties'),
		bylaws('membershipEnd')
	]);
	draft.chapter(m.orgdoc_ch_certificates({}, o), [bylaws('contributionCertificates')]);

	// Governance: the group's words, one article per body of its table, and who holds office.
	const bodiesField = field(governance, 'bodies');
	const bodies = tableRows(data(GOVERNANCE_KEY).bodies);
	const bodyColumns = (bodiesField.columns ?? []).filter((c) => c.id !== 'body');
	const officerField = field(governance, 'officers');
	const col = (id: string) => field({ fields: officerField.columns ?? [] }, id);
	draft.chapter(m.orgdoc_ch_governance({}, o), [
		bylaws('governanceElections'),
		...(bodies.length
			? bodies.map((row, i): BylawsArticle => ({
					heading:
						typeof row.body === 'string' && row.body ? row.body : m.orgdoc_body_n({ n: i + 1 }, o),
					blocks: [
						{
							kind: 'list',
							items: bodyColumns
								.filter((c) => row[c.id] !== undefined && row[c.id] !== '')
								.map((c) => bodyLine(c, shownValue(c, row[c.id], locale, who), o))
						}
					]
				}))
			: [draft.missing(bodiesField.label[locale], bodiesField.label[locale])]),
		officers.length
			? {
					heading: m.orgdoc_art_officers({}, o),
					blocks: [
						{
							kind: 'list',
							items: officers.map((r) => {
								const body = shownValue(col('body'), r.body, locale, who);
								const holder = shownValue(col('person'), r.person, locale, who);
								const position = typeof r.position === 'string' ? r.position : '';
								const until =
									typeof r.termEnd === 'string'
										? ` (${m.orgdoc_until({ date: shownValue(col('termEnd'), r.termEnd, locale, who) }, o)})`
										: '';
								return `${body}${position ? ` — ${position}` : ''}: ${holder}${until}`;
							})
						}
					]
				}
			: draft.missing(m.orgdoc_art_officers({}, o), officerField.label[locale])
	]);

	// Surplus: the group's words, then the shares its financial plan works with, if any.
	const finance = data(FINANCE_SECTION_KEY);
	const financeSection = section(FINANCE_SECTION_KEY);
	const shares = SURPLUS_SHARES.filter((id) => typeof finance[id] === 'number').map((id) => {
		const f = field(financeSection, id);
		return `${f.label[locale]}: ${shownValue(f, finance[id], locale, who)}`;
	});
	draft.chapter(m.orgdoc_ch_surplus({}, o), [
		bylaws('surplusReserves'),
		...(shares.length
			? [
					{
						heading: m.orgdoc_art_shares({}, o),
						blocks: [{ kind: 'list' as const, items: shares }]
					}
				]
			: [])
	]);

	// Internal policies: each one's text and state.
	const policiesSection = section(POLICIES_KEY);
	const policies = data(POLICIES_KEY);
	draft.chapter(
		m.orgdoc_ch_policies({}, o),
		POLICIES.map((id) => {
			const state = field(policiesSection, `${id}Status`);
			const article = draft.fieldsOf(policiesSection, policies)(id);
			if (typeof policies[`${id}Status`] === 'string')
				article.blocks.push({
					kind: 'text',
					text: `${state.label[locale]}: ${shownValue(state, policies[`${id}Status`], locale, who)}`
				});
			return article;
		})
	);
	draft.chapter(m.orgdoc_ch_discipline({}, o), [bylaws('discipline')]);
	draft.chapter(m.orgdoc_ch_disputes({}, o), [bylaws('disputes')]);
	// Federation: what the group wrote, else the federation the registry has it in.
	const fed = bylaws('federation');
	draft.chapter(m.orgdoc_ch_federation({}, o), [
		fed.blocks.some((b) => b.kind === 'missing') && names?.federation
			? draft.unmiss(fed, m.orgdoc_federation_text({ federation: names.federation }, o))
			: fed
	]);
	draft.chapter(m.orgdoc_ch_amendments({}, o), [bylaws('amendments')]);
	draft.chapter(m.orgdoc_ch_dissolution({}, o), [bylaws('dissolution')]);

	return {
		cooperative: full,
		federation: names?.federation ?? null,
		team: t.name,
		chapters: draft.chapters,
		missing: draft.missingCount
	};
}

/** Collects chapters and counts the places still missing. */
class DraftBuilder {
	chapters: BylawsChapter[] = [];
	missingCount = 0;
	constructor(private locale: Locale) {}

	chapter(title: string, articles: BylawsArticle[]) {
		this.chapters.push({ title, articles });
	}

	missing(heading: string, what: string): BylawsArticle {
		this.missingCount += 1;
		return {
			heading,
			blocks: [{ kind: 'missing', text: m.orgdoc_missing({ what }, { locale: this.locale }) }]
		};
	}

	/** The article with its "missing" place replaced by a text found elsewhere. */
	unmiss(article: BylawsArticle, text: string): BylawsArticle {
		this.missingCount -= 1;
		return { ...article, blocks: [{ kind: 'text', text }] };
	}

	/** One article per text field of a section: the group's paragraphs, or what is missing. */
	fieldsOf(section: Pick<WorkbookSection, 'fields'>, data: SectionData) {
		return (id: string): BylawsArticle => {
			const f = field(section, id);
			const label = f.label[this.locale];
			const v = data[id];
			const paragraphs =
				typeof v === 'string'
					? v
							.split(/\r?\n/)
							.map((p) => p.trim())
							.filter(Boolean)
					: [];
			if (!paragraphs.length) return this.missing(label, label);
			return { heading: label, blocks: paragraphs.map((text) => ({ kind: 'text', text })) };
		};
	}
}

/** One column of the bodies table as a sentence of the bylaws ("Se reúne: cada mes"). */
function bodyLine(c: Field, value: string, o: { locale: Locale }): string {
	switch (c.id) {
		case 'members':
			return m.orgdoc_body_members({ value }, o);
		case 'termYears':
			return m.orgdoc_body_term({ value }, o);
		case 'powers':
			return m.orgdoc_body_powers({ value }, o);
		case 'meetingFrequency':
			return m.orgdoc_body_meets({ value }, o);
		case 'decisionRule':
			return m.orgdoc_body_decides({ value }, o);
		default:
			return `${c.label[o.locale]}: ${value}`;
	}
}

function field(section: Pick<WorkbookSection, 'fields'>, id: string): Field {
	const f = section.fields.find((x) => x.id === id);
	if (!f) throw new Error(`workbook.yaml has no field ${id}`);
	return f;
}

function tableRows(v: unknown): Record<string, unknown>[] {
	return Array.isArray(v)
		? v.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
		: [];
}
