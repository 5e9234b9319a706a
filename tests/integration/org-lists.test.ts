import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListQuery, type ListQuery } from '../../src/lib/domain/list-query';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import {
	cohort,
	cooperative,
	enrolment,
	federation,
	person,
	team
} from '../../src/lib/server/db/schema';
import { prepareCohorts, cohortListSpec } from '../../src/lib/server/cohorts/list-cohorts';
import { enrolmentListSpec, prepareEnrolments } from '../../src/lib/server/cohorts/list-enrolments';
import { prepareTeams, teamListSpec } from '../../src/lib/server/cohorts/list-teams';
import { formTeams } from '../../src/lib/server/cohorts/teams';
import {
	exportStream,
	streamToBuffer,
	type ExportColumn
} from '../../src/lib/server/export/write-table';
import { allRows, toPage, type PreparedList } from '../../src/lib/server/lists/paging';
import {
	cooperativeListSpec,
	prepareCooperatives
} from '../../src/lib/server/org/list-cooperatives';
import { federationListSpec, prepareFederations } from '../../src/lib/server/org/list-federations';
import { listPeople, peopleListSpec, preparePeople } from '../../src/lib/server/org/list-people';
import { pickCooperatives } from '../../src/lib/server/org/pick-cooperative';
import { cooperativeCandidates } from '../../src/lib/server/cohorts/enrol-candidates';
import { createTestDb } from '../helpers/db';
import {
	makeActor,
	makeCooperative,
	makeFederation,
	makePerson,
	makeWorld
} from '../factories/org';

let handle: DbHandle;
let db: Db;
let w: Awaited<ReturnType<typeof makeWorld>>;
type Who = 'coordinator' | 'focal' | 'lead' | 'facilitator' | 'participant';
const actors = {} as Record<Who, Actor>;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await makeWorld(db);
	actors.coordinator = await makeActor(db, 'coordinator');
	actors.focal = await makeActor(db, 'federation_focal_point', { federationId: w.fed1.id });
	actors.lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop2.id });
	actors.facilitator = await makeActor(db, 'facilitator', { cohortId: w.cohortB.id });
	actors.participant = await makeActor(db, 'participant', { personId: w.p1a.id });
	await formTeams({ db }, actors.coordinator, w.cohortA.id);
	await formTeams({ db }, actors.coordinator, w.cohortB.id);
});
afterAll(() => handle.close());

const q = <F extends string>(spec: Parameters<typeof parseListQuery<F>>[1], params = '') =>
	parseListQuery(new URLSearchParams(params), spec);

/** Every row of a prepared list, and the same list exported and read back from the file. */
async function listAndExport<R extends { id: string }>(list: PreparedList<R>) {
	const rows: R[] = [];
	for await (const batch of allRows(list)) rows.push(...batch);
	const columns: ExportColumn<R>[] = [{ header: 'id', value: (r) => r.id }];
	const xlsx = await streamToBuffer(exportStream('xlsx', 'x', columns, allRows(list)));
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(xlsx as unknown as ArrayBuffer);
	const fromXlsx: string[] = [];
	book.worksheets[0]!.eachRow((row, n) => {
		if (n > 1) fromXlsx.push(String(row.getCell(1).value));
	});
	const csv = (await streamToBuffer(exportStream('csv', 'x', columns, allRows(list)))).toString(
		'utf8'
	);
	const fromCsv = csv
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\r\n')
		.slice(1);
	const ids = rows.map((r) => r.id);
	expect(fromXlsx).toEqual(ids);
	expect(fromCsv).toEqual(ids);
	return ids.sort();
}

const allIds = async (
	table: typeof federation | typeof cooperative | typeof cohort | typeof team
) => (await db.select({ id: table.id }).from(table)).map((r) => r.id).sort();

type Expect = string[] | 'forbidden';
async function matrix<R extends { id: string }>(
	prepare: (actor: Actor) => PreparedList<R>,
	expected: Record<Who, Expect>
) {
	for (const who of Object.keys(expected) as Who[]) {
		const want = expected[who];
		if (want === 'forbidden') {
			expect(() => prepare(actors[who]), who).toThrow(
				expect.objectContaining({ code: 'forbidden' })
			);
			continue;
		}
		expect(await listAndExport(prepare(actors[who])), who).toEqual([...want].sort());
	}
}

describe('every list and its export follow the scope', () => {
	it('federations', async () => {
		await matrix((a) => prepareFederations({ db }, a, q(federationListSpec)), {
			coordinator: await allIds(federation),
			focal: [w.fed1.id],
			lead: 'forbidden',
			facilitator: 'forbidden',
			participant: 'forbidden'
		});
	});

	it('cooperatives', async () => {
		await matrix((a) => prepareCooperatives({ db }, a, q(cooperativeListSpec)), {
			coordinator: await allIds(cooperative),
			focal: [w.coop1.id],
			lead: [w.coop2.id],
			facilitator: [w.coop2.id],
			participant: 'forbidden'
		});
	});

	it('people', async () => {
		const everyone = (await db.select({ id: person.id }).from(person)).map((r) => r.id);
		await matrix((a) => preparePeople({ db }, a, q(peopleListSpec)), {
			coordinator: everyone,
			focal: [w.p1a.id, w.p1b.id],
			lead: [w.p2a.id, w.p2b.id],
			facilitator: [w.p2a.id, w.p2b.id],
			participant: 'forbidden'
		});
	});

	it('cohorts', async () => {
		await matrix((a) => prepareCohorts({ db }, a, q(cohortListSpec)), {
			coordinator: await allIds(cohort),
			focal: 'forbidden',
			lead: 'forbidden',
			facilitator: [w.cohortB.id],
			participant: 'forbidden'
		});
	});

	it('enrolments', async () => {
		const rows = await db.select().from(enrolment);
		const of = (people: Array<{ id: string }>) =>
			rows.filter((r) => people.some((p) => p.id === r.personId)).map((r) => r.id);
		await matrix((a) => prepareEnrolments({ db }, a, q(enrolmentListSpec)), {
			coordinator: rows.map((r) => r.id),
			focal: of([w.p1a, w.p1b]),
			lead: of([w.p2a, w.p2b]),
			facilitator: of([w.p2a, w.p2b]),
			participant: 'forbidden'
		});
	});

	it('teams', async () => {
		const teams = await db.select().from(team);
		const of = (coopId: string) => teams.filter((t) => t.cooperativeId === coopId).map((t) => t.id);
		await matrix((a) => prepareTeams({ db }, a, q(teamListSpec)), {
			coordinator: teams.map((t) => t.id),
			focal: of(w.coop1.id),
			lead: of(w.coop2.id),
			facilitator: teams.filter((t) => t.cohortId === w.cohortB.id).map((t) => t.id),
			participant: 'forbidden'
		});
	});

	it('CI numbers and phones are exported only to roles that may read them', async () => {
		const rows = async (a: Actor) => {
			const out = [];
			for await (const b of allRows(preparePeople({ db }, a, q(peopleListSpec)))) out.push(...b);
			return out;
		};
		expect((await rows(actors.focal)).every((r) => r.ciNumber === null && r.phone === null)).toBe(
			true
		);
		expect((await rows(actors.lead)).every((r) => r.ciNumber && r.phone)).toBe(true);
		expect((await rows(actors.facilitator)).every((r) => r.ciNumber && r.phone)).toBe(true);
	});
});

describe('counts on each row', () => {
	it('count the rows that belong to each record', async () => {
		const feds = await toPage(
			prepareFederations({ db }, actors.coordinator, q(federationListSpec)),
			1
		);
		expect(feds.rows.find((f) => f.id === w.fed1.id)?.cooperatives).toBe(1);
		const coops = await toPage(
			prepareCooperatives({ db }, actors.coordinator, q(cooperativeListSpec)),
			1
		);
		expect(coops.rows.find((c) => c.id === w.coop1.id)?.people).toBe(2);
		const cohorts = await toPage(prepareCohorts({ db }, actors.coordinator, q(cohortListSpec)), 1);
		expect(cohorts.rows.find((c) => c.id === w.cohortA.id)).toMatchObject({
			enrolled: 2,
			teams: 1
		});
		const teams = await toPage(prepareTeams({ db }, actors.coordinator, q(teamListSpec)), 1);
		expect(teams.rows.find((t) => t.cooperativeId === w.coop1.id)).toMatchObject({
			members: 2,
			size: 'small'
		});
	});
});

describe('search, filters, sorting and pages', () => {
	let fedS: { id: string };
	let gold: { id: string };
	let tin: { id: string };
	beforeAll(async () => {
		fedS = await makeFederation(db, 'FECOMAN-T');
		gold = await makeCooperative(db, fedS.id, 'Aurífera Tipuani');
		tin = await makeCooperative(db, fedS.id, 'Estañífera Huanuni');
		await db
			.update(cooperative)
			.set({ minerals: ['gold'], department: 'LP' })
			.where(sql`${cooperative.id} = ${gold.id}`);
		for (let i = 0; i < 30; i++)
			await makePerson(db, i % 2 ? gold.id : tin.id, {
				givenNames: `Persona ${String(i).padStart(2, '0')}`,
				surnames: i === 7 ? 'Mamaní Ñaupa' : `Apellido ${String(29 - i).padStart(2, '0')}`,
				sex: i % 3 ? 'M' : 'F',
				birthDate: `19${70 + i}-01-01`
			});
	});
	const people = (params: string) =>
		listPeople({ db }, actors.coordinator, q(peopleListSpec, `federation=${fedS.id}&${params}`));

	it('searches names and cooperatives without regard to accents or case', async () => {
		expect((await people('q=MAMANI naupa')).rows.map((r) => r.surnames)).toEqual(['Mamaní Ñaupa']);
		expect((await people('q=aurifera')).total).toBe(15);
		expect((await people('q=estanifera huanuni')).total).toBe(15);
		expect((await people('q=%25')).total).toBe(0);
	});

	it('finds a person by CI number, for those who may read CI numbers', async () => {
		const [p] = await db
			.select()
			.from(person)
			.where(sql`${person.cooperativeId} = ${gold.id}`)
			.limit(1);
		const byCi = await listPeople(
			{ db },
			actors.coordinator,
			q(peopleListSpec, `q=${p!.ciNumber}`)
		);
		expect(byCi.rows.map((r) => r.id)).toEqual([p!.id]);
	});

	it('filters by mineral, department, sex, cooperative and cohort', async () => {
		expect((await people('mineral=gold')).total).toBe(15);
		expect((await people('department=LP')).total).toBe(15);
		expect((await people('sex=F')).rows.every((r) => r.sex === 'F')).toBe(true);
		expect((await people('sex=F')).total).toBe(10);
		expect((await people(`cooperative=${tin.id}`)).total).toBe(15);
		expect(
			(
				await listPeople({ db }, actors.coordinator, q(peopleListSpec, `cohort=${w.cohortA.id}`))
			).rows
				.map((r) => r.id)
				.sort()
		).toEqual([w.p1a.id, w.p1b.id].sort());
		// A malformed filter is ignored rather than failing.
		expect((await people('cohort=not-an-id&sex=X')).total).toBe(30);
		const coops = await toPage(
			prepareCooperatives(
				{ db },
				actors.coordinator,
				q(cooperativeListSpec, 'mineral=gold&department=LP')
			),
			1
		);
		expect(coops.rows.map((r) => r.id)).toEqual([gold.id]);
	});

	it('sorts by a whitelisted column, either way, and pages', async () => {
		const asc = await people('sort=birthDate&dir=asc');
		expect(asc.total).toBe(30);
		expect(asc.pages).toBe(2);
		expect(asc.rows).toHaveLength(25);
		expect(asc.rows[0]!.birthDate).toBe('1970-01-01');
		const desc = await people('sort=birthDate&dir=desc');
		expect(desc.rows[0]!.birthDate).toBe('1999-01-01');
		const second = await people('sort=birthDate&dir=asc&page=2');
		expect(second.page).toBe(2);
		expect(second.rows).toHaveLength(5);
		const seen = new Set([...asc.rows, ...second.rows].map((r) => r.id));
		expect(seen.size).toBe(30);
		// Past the last page: the last page. An unknown sort: the default (surnames).
		expect((await people('page=99')).page).toBe(2);
		const byName = await people('sort=drop table');
		expect(byName.rows[0]!.surnames).toBe('Apellido 00');
	});

	it('parses list queries defensively', () => {
		const query: ListQuery = parseListQuery(
			new URLSearchParams('sort=x&dir=sideways&page=-3&q=  hola  &mineral=gold&department=ZZ'),
			cooperativeListSpec
		);
		expect(query).toEqual({
			q: 'hola',
			sort: 'name',
			dir: 'asc',
			page: 1,
			filters: { mineral: 'gold' }
		});
	});
});

describe('a search with control characters', () => {
	// PostgreSQL refuses NUL in text: `?q=%00` was a 500 on every list and a broken export.
	it('is searched without them on every list, its export and the cooperative pickers', async () => {
		const a = actors.coordinator;
		const lists: Array<(params: string) => PreparedList<{ id: string }>> = [
			(p: string) => prepareFederations({ db }, a, q(federationListSpec, p)),
			(p: string) => prepareCooperatives({ db }, a, q(cooperativeListSpec, p)),
			(p: string) => preparePeople({ db }, a, q(peopleListSpec, p)),
			(p: string) => prepareCohorts({ db }, a, q(cohortListSpec, p)),
			(p: string) => prepareEnrolments({ db }, a, q(enrolmentListSpec, p)),
			(p: string) => prepareTeams({ db }, a, q(teamListSpec, p))
		];
		for (const prepare of lists) {
			expect(await listAndExport(prepare('q=%00'))).toEqual(await listAndExport(prepare('')));
			await listAndExport(prepare('q=a%00%01b%7F'));
		}
		expect(await pickCooperatives({ db }, a, '\0coop\0')).toEqual(
			await pickCooperatives({ db }, a, 'coop')
		);
		expect(await cooperativeCandidates({ db }, a, w.cohortA.id, '\0'.repeat(3) + 'coop')).toEqual(
			await cooperativeCandidates({ db }, a, w.cohortA.id, 'coop')
		);
	});
});
