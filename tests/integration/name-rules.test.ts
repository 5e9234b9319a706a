// One set of name rules for every way in: the person form, a proposed correction, the federation
// and cooperative forms and the member-list import refuse the same names, and accept the same.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { cooperative, federation, person } from '../../src/lib/server/db/schema';
import { getImport } from '../../src/lib/server/import/get-import';
import { reasonText } from '../../src/lib/server/import/messages';
import { startImport } from '../../src/lib/server/import/start-import';
import { proposeCorrection } from '../../src/lib/server/org/corrections';
import { createCooperative } from '../../src/lib/server/org/save-cooperative';
import { createFederation } from '../../src/lib/server/org/save-federation';
import { createPerson } from '../../src/lib/server/org/save-person';
import { createTestDb } from '../helpers/db';
import { tableCsv } from '../helpers/member-list';
import {
	makeActor,
	makeCohort,
	makeCooperative,
	makeFederation,
	makePerson
} from '../factories/org';

let handle: DbHandle;
let db: Db;
let coordinator: Actor;
let fed: Awaited<ReturnType<typeof makeFederation>>;
let coop: Awaited<ReturnType<typeof makeCooperative>>;
let cohortId: string;
const now = () => new Date('2026-11-23T15:00:00Z');
const deps = () => ({ db, now });

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	coordinator = await makeActor(db, 'coordinator');
	fed = await makeFederation(db, 'FEDNOM');
	coop = await makeCooperative(db, fed.id, 'Cooperativa Minera Nombres');
	cohortId = (await makeCohort(db)).id;
});
afterAll(() => handle.close());

const rows = async (table: typeof person | typeof cooperative | typeof federation) =>
	(await db.select({ n: count() }).from(table))[0]!.n;

let ci = 6_100_000;
/** The import's verdict on one row: its status and reason codes, and the Spanish text. */
async function importRow(cells: { given: string; surnames: string; coop?: string }) {
	const { batchId } = await startImport(deps(), coordinator, {
		cohortId,
		fileName: 'nombres.csv',
		bytes: new TextEncoder().encode(
			tableCsv([
				['NOMBRES', 'APELLIDOS', 'C.I.', 'SEXO', 'COOPERATIVA'],
				[cells.given, cells.surnames, String(ci++), 'F', cells.coop ?? coop.name]
			])
		)
	});
	const view = await getImport(deps(), coordinator, { cohortId, batchId });
	const row = view.evaluation!.rows[0]!;
	return {
		status: row.status,
		codes: row.reasons.map((r) => r.code),
		text: row.reasons.map((r) => reasonText(r, 'es')),
		questions: view.evaluation!.questions.length
	};
}

describe('person names', () => {
	it.each([
		['<script>alert(1)</script>', 'Quispe', 'givenNames', 'invalid_name', 'name_invalid'],
		[
			'=HYPERLINK("http://x.example","clic")',
			'Quispe',
			'givenNames',
			'invalid_name',
			'name_invalid'
		],
		['@Ana', 'Quispe', 'givenNames', 'invalid_name', 'name_invalid'],
		['Ana', '+Quispe', 'surnames', 'invalid_name', 'name_invalid'],
		['Ana', 'Q', 'surnames', 'surname_too_short', 'name_surname_short'],
		['A'.repeat(101), 'Quispe', 'givenNames', 'too_long:100', 'name_too_long']
	])(
		'%s %s: refused by the form, a correction and the import',
		async (given, surnames, field, code, reason) => {
			const before = await rows(person);
			await expect(
				createPerson(deps(), coordinator, {
					givenNames: given,
					surnames,
					sex: 'F',
					cooperativeId: coop.id
				})
			).rejects.toMatchObject({ code: 'invalid_input', fields: { [field]: code } });
			expect(await rows(person)).toBe(before);

			const member = await makePerson(db, coop.id);
			const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: coop.id });
			await expect(
				proposeCorrection(deps(), lead, member.id, {
					givenNames: given,
					surnames,
					sex: member.sex
				})
			).rejects.toMatchObject({ code: 'invalid_input', fields: { [field]: code } });

			const imported = await importRow({ given, surnames });
			expect(imported.status).toBe('error');
			expect(imported.codes).toContain(reason);
		}
	);

	it('accept the same names through the form and the import, tidied alike', async () => {
		const { id } = await createPerson(deps(), coordinator, {
			givenNames: "  Ñusta   D'Arcy ",
			surnames: 'Mamani-Quispe',
			sex: 'F',
			cooperativeId: coop.id
		});
		const [saved] = await db
			.select({ givenNames: person.givenNames, surnames: person.surnames })
			.from(person)
			.where(eq(person.id, id));
		expect(saved).toEqual({ givenNames: "Ñusta D'Arcy", surnames: 'Mamani-Quispe' });
		const imported = await importRow({ given: "Ñusta   D'Arcy", surnames: 'Mamani-Quispe' });
		expect(imported).toMatchObject({ status: 'new', codes: ['new'] });
	});

	it('tell the import’s reader what is wrong', async () => {
		const { text } = await importRow({ given: 'Ana', surnames: 'Q' });
		expect(text).toContain(
			'El apellido de «Ana Q» tiene una sola letra: escriba el apellido completo.'
		);
		const long = await importRow({ given: 'A'.repeat(101), surnames: 'Quispe' });
		expect(long.text.join(' ')).toContain('pasan de 100 caracteres');
	});
});

describe('organisation names', () => {
	it.each([
		['=HYPERLINK("http://x.example","clic")', 'invalid_org_name', 'coop_name_invalid'],
		['<b>Cooperativa</b>', 'invalid_org_name', 'coop_name_invalid'],
		['-Cooperativa Sur', 'invalid_org_name', 'coop_name_invalid'],
		['C'.repeat(201), 'too_long:200', 'coop_name_too_long']
	])(
		'%s: refused by the federation and cooperative forms and the import',
		async (name, code, reason) => {
			const feds = await rows(federation);
			const coops = await rows(cooperative);
			await expect(
				createFederation({ db }, coordinator, { name, shortName: 'FEDX', level: 'national' })
			).rejects.toMatchObject({ fields: { name: code } });
			await expect(
				createFederation({ db }, coordinator, {
					name: 'Federación Sur',
					shortName: name,
					level: 'national'
				})
			).rejects.toMatchObject({
				fields: { shortName: expect.stringMatching(/^(invalid_org_name|too_long:40)$/) }
			});
			await expect(
				createCooperative({ db }, coordinator, {
					name,
					federationId: fed.id,
					department: 'PT',
					status: 'active'
				})
			).rejects.toMatchObject({ fields: { name: code } });
			expect([await rows(federation), await rows(cooperative)]).toEqual([feds, coops]);

			// The import would create the cooperative: it refuses the row instead, and asks nothing.
			const imported = await importRow({ given: 'Ana', surnames: 'Quispe', coop: name });
			expect(imported).toMatchObject({ status: 'error', questions: 0 });
			expect(imported.codes).toContain(reason);
		}
	);

	it('accept names with digits, quotes and abbreviations', async () => {
		const name = 'Cooperativa Minera "20 de Octubre" R.L.';
		await createCooperative({ db }, coordinator, {
			name,
			federationId: fed.id,
			department: 'PT',
			status: 'active'
		});
		const imported = await importRow({ given: 'Ana', surnames: 'Quispe', coop: name });
		expect(imported).toMatchObject({ status: 'new' });
	});
});
