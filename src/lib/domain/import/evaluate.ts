import { ORG_NAME_MAX, PERSON_NAME_MAX, orgNameProblem } from '../names';
import { fold } from '../text';
import { parseCi, parseComplement, parseDepartment, type ParsedCi } from './ci';
import { SIMILARITY_THRESHOLD, cooperativeKey, cooperativeSimilarity } from './cooperative-name';
import { headerKey } from './fields';
import type {
	ColumnMapping,
	CoopDecision,
	CoopQuestion,
	CoopTarget,
	Evaluation,
	ExistingCooperative,
	ExistingEnrolment,
	ExistingFederation,
	ExistingPerson,
	ExistingTeam,
	FieldChange,
	ImportField,
	PersonData,
	RawRow,
	Reason,
	RowResult
} from './types';
import {
	ageOn,
	nameCase,
	nameWords,
	normaliseRole,
	parseBirthDate,
	parsePhone,
	parseSex,
	resolveName
} from './values';

export interface EvaluateInput {
	rows: RawRow[];
	headerRow: number;
	mapping: ColumnMapping;
	/** People whose CI number (without complement) appears in the file. */
	people: ExistingPerson[];
	cooperatives: ExistingCooperative[];
	federations: ExistingFederation[];
	/** Enrolments in the cohort being imported into. */
	enrolments: ExistingEnrolment[];
	/** Teams of that cohort. */
	teams: ExistingTeam[];
	/** The coordinator's answers, by cooperative key. */
	decisions: Record<string, CoopDecision>;
	/** Cooperative keys matched to an existing cooperative in earlier imports. */
	aliases: Record<string, string>;
	/** "yyyy-mm-dd" in Bolivia: ages are counted to this day. */
	today: string;
}

export const ADULT_AGE = 18;
const OLDEST_AGE = 100;

interface ParsedRow {
	row: number;
	errors: Reason[];
	person: Partial<PersonData> & { cooperativeName?: string };
	ci: ParsedCi | null;
	coopRaw: string;
	coopKey: string;
	registry: string | null;
	federation: string;
	department: string;
	municipality: string;
}

const display = (d: string | null | undefined) =>
	d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split('-').reverse().join('/') : (d ?? '');

function readRow(r: RawRow, mapping: ColumnMapping, today: string): ParsedRow {
	const get = (f: ImportField) => {
		const i = mapping.indexOf(f);
		return i >= 0 ? (r.cells[i] ?? '').replace(/\s+/g, ' ').trim() : '';
	};
	const errors: Reason[] = [];
	const person: ParsedRow['person'] = {};

	const name = resolveName({
		fullName: get('fullName'),
		fullNameSurnameFirst: get('fullNameSurnameFirst'),
		givenNames: get('givenNames'),
		surnames: get('surnames'),
		paternalSurname: get('paternalSurname'),
		maternalSurname: get('maternalSurname')
	});
	if (name.ok) {
		person.givenNames = name.givenNames;
		person.surnames = name.surnames;
	} else {
		const written = [
			get('fullName'),
			get('fullNameSurnameFirst'),
			get('givenNames'),
			get('paternalSurname'),
			get('maternalSurname'),
			get('surnames')
		]
			.filter(Boolean)
			.join(' ');
		if (written) person.givenNames = written;
		errors.push({
			code: `name_${name.problem}`,
			params: { value: written, max: PERSON_NAME_MAX }
		});
	}

	let ci: ParsedCi | null = null;
	const ciRaw = get('ci');
	const parsed = parseCi(ciRaw);
	if (parsed.ok) ci = parsed.ci;
	else errors.push({ code: `ci_${parsed.problem}`, params: { value: ciRaw } });
	const compRaw = get('ciComplement');
	const comp = parseComplement(compRaw);
	if (comp === false) {
		errors.push({ code: 'ci_complement_invalid', params: { value: compRaw } });
	} else if (comp && ci) {
		if (ci.complement && ci.complement !== comp) {
			errors.push({ code: 'ci_complement_conflict', params: { a: ci.complement, b: comp } });
		} else ci = { ...ci, complement: comp, key: `${ci.number}-${comp}` };
	}
	let extension = ci?.extension ?? null;
	const extRaw = get('ciExtension');
	if (extRaw) {
		const ext = parseDepartment(extRaw);
		if (!ext) errors.push({ code: 'ext_unknown', params: { value: extRaw } });
		else if (extension && extension !== ext)
			errors.push({ code: 'ext_conflict', params: { a: extension, b: ext } });
		else extension = ext;
	}
	if (ci) {
		person.ciNumber = ci.key;
		person.ciExtension = extension;
	} else if (ciRaw) person.ciNumber = ciRaw;

	const sexRaw = get('sex');
	const sex = parseSex(sexRaw);
	if (sex === null) errors.push({ code: 'sex_missing' });
	else if (sex === false) errors.push({ code: 'sex_unknown', params: { value: sexRaw } });
	else person.sex = sex;

	const birthRaw = get('birthDate');
	const birth = parseBirthDate(birthRaw);
	if (!birth.ok) {
		errors.push({ code: `birth_${birth.problem}`, params: { value: birthRaw } });
	} else if (birth.date) {
		person.birthDate = birth.date;
		const age = ageOn(birth.date, today);
		if (birth.date > today) {
			errors.push({ code: 'birth_future', params: { value: display(birth.date) } });
		} else if (age > OLDEST_AGE) {
			errors.push({ code: 'birth_too_old', params: { value: display(birth.date), age } });
		} else if (age < ADULT_AGE) {
			// Mining is forbidden work for minors (Código Niña, Niño y Adolescente, art. 136).
			errors.push({ code: 'minor', params: { age, value: display(birth.date) } });
		}
	} else person.birthDate = null;

	const phoneRaw = get('phone');
	const phone = parsePhone(phoneRaw);
	if (phone.ok) person.phone = phone.phone;
	else errors.push({ code: 'phone_invalid', params: { value: phoneRaw } });

	person.roleInCooperative = normaliseRole(get('role'));

	const coopRaw = get('cooperative');
	const registryRaw = get('registryNumber').toUpperCase().replace(/\s+/g, '');
	if (!coopRaw && !registryRaw) errors.push({ code: 'coop_missing' });
	if (coopRaw) person.cooperativeName = coopRaw;
	// A cooperative the import might create follows the cooperative form's name rules.
	const coopProblem = coopRaw ? orgNameProblem(coopRaw) : null;
	if (coopProblem)
		errors.push({
			code: coopProblem === 'too_long' ? 'coop_name_too_long' : 'coop_name_invalid',
			params: { value: coopRaw, max: ORG_NAME_MAX }
		});
	return {
		row: r.row,
		errors,
		person,
		ci,
		coopRaw,
		coopKey: coopRaw && !coopProblem ? cooperativeKey(coopRaw) || fold(coopRaw) : '',
		registry: registryRaw || null,
		federation: get('federation'),
		department: get('department'),
		municipality: get('municipality')
	};
}

function mostFrequent(values: string[]): string | null {
	const counts = new Map<string, number>();
	for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
	let best: string | null = null;
	let bestScore = -1;
	for (const [v, n] of counts) {
		// A spelling not all in capitals first (it keeps accents and quotes), then the most
		// frequent, then the longer one.
		const score = (v === v.toUpperCase() ? 0 : 1e9) + n * 1000 + Math.min(v.length, 999);
		if (score > bestScore) {
			best = v;
			bestScore = score;
		}
	}
	return best;
}

/** Whether a name on file and a name in a row can be the same person (a CI typo cannot rename). */
function samePerson(a: { givenNames: string; surnames: string }, b: Partial<PersonData>): boolean {
	const full = (p: Partial<PersonData>) => fold(`${p.givenNames ?? ''} ${p.surnames ?? ''}`);
	if (full(a) === full(b)) return true;
	const share = (x: string, y: string) => {
		const wy = new Set(nameWords(y));
		return nameWords(x).some((w) => wy.has(w));
	};
	return share(a.givenNames, b.givenNames ?? '') && share(a.surnames, b.surnames ?? '');
}

function fnv1a(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

const changeCode: Record<FieldChange['field'], string> = {
	givenNames: 'given_names',
	surnames: 'surnames',
	ciNumber: 'ci',
	ciExtension: 'ci_extension',
	sex: 'sex',
	birthDate: 'birth_date',
	phone: 'phone',
	roleInCooperative: 'role',
	cooperative: 'cooperative'
};

/** Every reason the preview can give; each has an `import_reason_<code>` message in es and en. */
export const reasonCodes = [
	'name_missing',
	'name_incomplete',
	'name_invalid',
	'name_surname_short',
	'name_too_long',
	'ci_missing',
	'ci_malformed',
	'ci_complement_invalid',
	'ci_complement_conflict',
	'ext_unknown',
	'ext_conflict',
	'sex_missing',
	'sex_unknown',
	'birth_invalid',
	'birth_two_digit_year',
	'birth_future',
	'birth_too_old',
	'minor',
	'phone_invalid',
	'coop_missing',
	'coop_name_invalid',
	'coop_name_too_long',
	'ci_repeated',
	'ci_same_person',
	'ci_other_person',
	'ci_complement_mismatch',
	'coop_unconfirmed',
	'coop_unknown',
	'coop_registry_unknown',
	'new',
	'unchanged',
	'enrol',
	'team',
	...Object.values(changeCode).map((c) => `changed_${c}`)
];

const personFields = [
	'givenNames',
	'surnames',
	'ciExtension',
	'sex',
	'birthDate',
	'phone',
	'roleInCooperative'
] as const;

/**
 * Everything the preview shows, computed from the rows, the mapping and what the database holds:
 * each row as new / update / duplicate / error with its reasons, and the cooperatives that need
 * the coordinator's decision. Pure: the same inputs always give the same answer.
 */
export function evaluateImport(input: EvaluateInput): Evaluation {
	const { mapping, today } = input;
	const parsed = input.rows
		.filter((r) => r.row > input.headerRow)
		.filter((r) => mapping.some((f, i) => f && (r.cells[i] ?? '').trim() !== ''))
		.map((r) => readRow(r, mapping, today));

	// The same CI twice in one list: which row is right is for a person to say.
	const byKey = new Map<string, ParsedRow[]>();
	const byNumber = new Map<string, ParsedRow[]>();
	for (const p of parsed) {
		if (!p.ci) continue;
		byKey.set(p.ci.key, [...(byKey.get(p.ci.key) ?? []), p]);
		byNumber.set(p.ci.number, [...(byNumber.get(p.ci.number) ?? []), p]);
	}
	for (const [key, group] of byKey) {
		if (group.length < 2) continue;
		const rows = group.map((g) => g.row).join(', ');
		for (const p of group) p.errors.push({ code: 'ci_repeated', params: { ci: key, rows } });
	}
	for (const [number, group] of byNumber) {
		const keys = new Set(group.map((g) => g.ci!.key));
		if (keys.size < 2) continue;
		// "4567890" and "4567890-1B" are different cards; with the same name they are one person.
		for (const p of group) {
			const twins = group.filter((o) => o !== p && o.ci!.key !== p.ci!.key && samePersonRow(o, p));
			if (twins.length)
				p.errors.push({
					code: 'ci_same_person',
					params: {
						ci: number,
						rows: [p, ...twins]
							.map((g) => g.row)
							.sort((a, b) => a - b)
							.join(', ')
					}
				});
		}
	}

	const peopleByKey = new Map<string, ExistingPerson>();
	const peopleByNumber = new Map<string, ExistingPerson[]>();
	for (const person of input.people) {
		if (!person.ciNumber) continue;
		const c = parseCi(person.ciNumber);
		const key = c.ok ? c.ci.key : person.ciNumber;
		const number = c.ok ? c.ci.number : person.ciNumber;
		peopleByKey.set(key, person);
		peopleByNumber.set(number, [...(peopleByNumber.get(number) ?? []), person]);
	}
	const existingFor = new Map<ParsedRow, ExistingPerson>();
	for (const p of parsed) {
		if (!p.ci || p.errors.length) continue;
		const found = peopleByKey.get(p.ci.key);
		if (found) {
			if (samePerson(found, p.person)) existingFor.set(p, found);
			else
				p.errors.push({
					code: 'ci_other_person',
					params: { ci: p.ci.key, name: `${found.givenNames} ${found.surnames}` }
				});
			continue;
		}
		const twin = (peopleByNumber.get(p.ci.number) ?? []).find((o) => samePerson(o, p.person));
		if (twin)
			p.errors.push({
				code: 'ci_complement_mismatch',
				params: {
					ci: p.ci.key,
					other: twin.ciNumber ?? '',
					name: `${twin.givenNames} ${twin.surnames}`
				}
			});
	}

	// Cooperatives: by registry number, by normalised name, by an earlier answer, or ask.
	const coopById = new Map(input.cooperatives.map((c) => [c.id, c]));
	const coopKeys = input.cooperatives.map((c) => ({
		coop: c,
		keys: [
			...new Set([cooperativeKey(c.name), c.shortName ? cooperativeKey(c.shortName) : ''])
		].filter(Boolean)
	}));
	const byRegistry = new Map(
		input.cooperatives
			.filter((c) => c.registryNumber)
			.map((c) => [c.registryNumber!.toUpperCase().replace(/\s+/g, ''), c])
	);
	const fedById = new Map(input.federations.map((f) => [f.id, f]));
	const resolved = new Map<string, CoopTarget | null>();
	const questions = new Map<string, CoopQuestion>();
	const rowsByCoop = new Map<string, ParsedRow[]>();
	for (const p of parsed) {
		if (!p.coopKey) continue;
		if (p.registry && byRegistry.has(p.registry)) continue;
		rowsByCoop.set(p.coopKey, [...(rowsByCoop.get(p.coopKey) ?? []), p]);
	}
	for (const [key, group] of rowsByCoop) {
		const exact = coopKeys.filter((c) => c.keys.includes(key)).map((c) => c.coop);
		if (exact.length === 1) {
			resolved.set(key, { kind: 'existing', cooperativeId: exact[0]!.id });
			continue;
		}
		const alias = input.aliases[key];
		if (exact.length === 0 && alias && coopById.has(alias)) {
			resolved.set(key, { kind: 'existing', cooperativeId: alias });
			continue;
		}
		const candidates = (
			exact.length
				? exact.map((c) => ({ coop: c, score: 1 }))
				: coopKeys
						.map((c) => ({
							coop: c.coop,
							score: Math.max(...c.keys.map((k) => cooperativeSimilarity(key, k)))
						}))
						.filter((c) => c.score >= SIMILARITY_THRESHOLD)
		)
			.sort((a, b) => b.score - a.score || a.coop.name.localeCompare(b.coop.name))
			.slice(0, 5);
		const fedText = mostFrequent(group.map((g) => g.federation));
		const fed = fedText ? matchFederation(fedText, input.federations) : null;
		const deptFromFile = mostFrequent(
			group.map((g) => parseDepartment(g.department) ?? '').filter(Boolean)
		);
		const decision = validDecision(input.decisions[key] ?? null, coopById, fedById);
		const spelled = mostFrequent(group.map((g) => g.coopRaw)) ?? key;
		questions.set(key, {
			key,
			name: spelled === spelled.toUpperCase() ? nameCase(spelled) : spelled,
			rows: group.length,
			candidates: candidates.map((c) => ({
				id: c.coop.id,
				name: c.coop.shortName ?? c.coop.name,
				federation: c.coop.federationShortName,
				score: Math.round(c.score * 100) / 100
			})),
			suggestedFederationId: fed?.id ?? null,
			suggestedDepartment: deptFromFile ?? fed?.department ?? null,
			municipality: mostFrequent(group.map((g) => g.municipality)),
			registryNumber:
				group.find((g) => g.registry && !byRegistry.has(g.registry))?.registry ?? null,
			decision
		});
		resolved.set(
			key,
			decision === null
				? null
				: decision.kind === 'existing'
					? { kind: 'existing', cooperativeId: decision.cooperativeId }
					: { kind: 'new', key }
		);
	}

	const enrolmentByPerson = new Map(input.enrolments.map((e) => [e.personId, e]));
	const teamByCoop = new Map<string, ExistingTeam>();
	for (const t of input.teams)
		if (t.cooperativeId && !teamByCoop.has(t.cooperativeId)) teamByCoop.set(t.cooperativeId, t);
	const coopName = (t: CoopTarget) =>
		t.kind === 'existing'
			? (coopById.get(t.cooperativeId)?.shortName ?? coopById.get(t.cooperativeId)?.name ?? '')
			: (questions.get(t.key)?.name ?? t.key);

	const results: RowResult[] = parsed.map((p) => {
		let coop: CoopTarget | null = null;
		if (p.registry && byRegistry.has(p.registry)) {
			coop = { kind: 'existing', cooperativeId: byRegistry.get(p.registry)!.id };
		} else if (p.coopKey) {
			coop = resolved.get(p.coopKey) ?? null;
			if (!coop) {
				const q = questions.get(p.coopKey)!;
				p.errors.push(
					q.candidates.length
						? {
								code: 'coop_unconfirmed',
								params: { name: q.name, candidates: q.candidates.map((c) => c.name).join(', ') }
							}
						: { code: 'coop_unknown', params: { name: q.name } }
				);
			}
		} else if (p.registry) {
			p.errors.push({ code: 'coop_registry_unknown', params: { value: p.registry } });
		}
		if (p.errors.length || !coop || !p.ci)
			return { row: p.row, status: 'error', reasons: p.errors, person: p.person };

		const data = p.person as PersonData & { cooperativeName?: string };
		const existing = existingFor.get(p);
		const enrolment = existing ? enrolmentByPerson.get(existing.id) : undefined;
		const changes: FieldChange[] = [];
		if (existing) {
			for (const f of personFields) {
				const to = data[f] ?? null;
				const from = existing[f] ?? null;
				// An empty cell never erases what is on file.
				if (to !== null && to !== from) changes.push({ field: f, from, to });
			}
			const sameCoop = coop.kind === 'existing' && existing.cooperativeId === coop.cooperativeId;
			if (!sameCoop) {
				const before = existing.cooperativeId ? coopById.get(existing.cooperativeId) : undefined;
				changes.push({
					field: 'cooperative',
					from: before ? (before.shortName ?? before.name) : null,
					to: coopName(coop)
				});
			}
		}
		const enrolCoopSame =
			enrolment && coop.kind === 'existing' && enrolment.cooperativeId === coop.cooperativeId;
		const enrol: 'create' | 'update' | 'none' = !enrolment
			? 'create'
			: enrolCoopSame
				? 'none'
				: 'update';
		const setTeam = enrol !== 'none' || !enrolment?.teamId;
		const status = !existing
			? 'new'
			: changes.length || enrol !== 'none' || setTeam
				? 'update'
				: 'duplicate';

		const reasons: Reason[] = [];
		if (status === 'new') reasons.push({ code: 'new' });
		else if (status === 'duplicate') reasons.push({ code: 'unchanged' });
		else {
			for (const c of changes)
				reasons.push({
					code: `changed_${changeCode[c.field]}`,
					params: {
						from: c.field === 'birthDate' ? display(c.from) : (c.from ?? '—'),
						to: c.field === 'birthDate' ? display(c.to) : (c.to ?? '—')
					}
				});
			if (enrol === 'create') reasons.push({ code: 'enrol' });
			else if (enrol === 'none' && setTeam) {
				const team = coop.kind === 'existing' ? teamByCoop.get(coop.cooperativeId) : undefined;
				reasons.push({ code: 'team', params: { team: team?.name ?? coopName(coop) } });
			}
		}
		return {
			row: p.row,
			status,
			reasons,
			person: p.person,
			target: { personId: existing?.id ?? null, coop, changes, enrol, setTeam }
		};
	});

	const counts = { total: results.length, new: 0, update: 0, duplicate: 0, error: 0 };
	for (const r of results) counts[r.status]++;
	const fingerprint = fnv1a(
		JSON.stringify(
			results.map((r) => [
				r.row,
				r.status,
				r.reasons.map((x) => x.code),
				r.target?.personId,
				r.target?.coop,
				r.target?.changes.map((c) => [c.field, c.to]),
				r.person
			])
		)
	);
	return { rows: results, questions: [...questions.values()], counts, fingerprint };
}

function samePersonRow(a: ParsedRow, b: ParsedRow): boolean {
	if (!a.person.givenNames || !b.person.givenNames) return false;
	return samePerson(
		{ givenNames: a.person.givenNames, surnames: a.person.surnames ?? '' },
		b.person
	);
}

function matchFederation(text: string, feds: ExistingFederation[]): ExistingFederation | null {
	const k = headerKey(text);
	return feds.find((f) => headerKey(f.shortName) === k || headerKey(f.name) === k) ?? null;
}

function validDecision(
	d: CoopDecision | null,
	coops: Map<string, ExistingCooperative>,
	feds: Map<string, ExistingFederation>
): CoopDecision | null {
	if (!d) return null;
	if (d.kind === 'existing') return coops.has(d.cooperativeId) ? d : null;
	return feds.has(d.federationId) && parseDepartment(d.department) === d.department ? d : null;
}
