import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { acceptInvitation } from '../../src/lib/server/auth/invitations';
import { listHistory } from '../../src/lib/server/audit/list-history';
import type { Db, DbHandle } from '../../src/lib/server/db/client';
import { correctionRequest, invitation, person, user } from '../../src/lib/server/db/schema';
import { bulkInvite } from '../../src/lib/server/cohorts/bulk-invite';
import {
	invitationSheetEntries,
	renderInvitationSheet
} from '../../src/lib/server/cohorts/invitation-sheet';
import { proposeCorrection, reviewCorrection } from '../../src/lib/server/org/corrections';
import { getPerson } from '../../src/lib/server/org/get-person';
import { pdfText } from '../helpers/pdf-text';
import { createTestDb } from '../helpers/db';
import { enrol, makeActor, makePerson, makeWorld } from '../factories/org';

let handle: DbHandle;
let db: Db;
let w: Awaited<ReturnType<typeof makeWorld>>;
let coordinator: Actor;
const now = () => new Date('2026-05-01T15:00:00Z');

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	w = await makeWorld(db);
	coordinator = await makeActor(db, 'coordinator');
});
afterAll(() => handle.close());

const labels = {
	title: 'Invitaciones a Minka',
	intro: 'Escanee el código con la cámara del celular.',
	username: (u: string) => `Usuario: ${u}`,
	expires: (d: string) => `Vence el ${d}`,
	formatDate: (d: Date) => d.toISOString().slice(0, 10)
};

describe('bulk invitations', () => {
	it('create accounts only for enrolled members without one, once', async () => {
		// Someone already invited, and a member of the cooperative who is not enrolled.
		const invited = await makePerson(db, w.coop1.id, { givenNames: 'Ya', surnames: 'Invitada' });
		await enrol(db, w.cohortA.id, invited);
		await bulkInvite({ db }, coordinator, { cohortId: w.cohortA.id }).then(() => undefined);
		const outsider = await makePerson(db, w.coop1.id, { givenNames: 'No', surnames: 'Inscrita' });
		const accountsBefore = (await db.select({ n: sql<number>`count(*)::int` }).from(user))[0]!.n;

		const late = await makePerson(db, w.coop1.id, { givenNames: 'Tardía', surnames: 'Mamani' });
		await enrol(db, w.cohortA.id, late);
		const first = await bulkInvite({ db }, coordinator, { cooperativeId: w.coop1.id });
		expect(first.links.map((l) => l.personId)).toEqual([late.id]);
		expect(first.links[0]).toMatchObject({ username: 'tardia.mamani' });
		expect(first.links[0]!.path).toBe(`/invitation/${first.links[0]!.token}`);
		const accountsAfter = (await db.select({ n: sql<number>`count(*)::int` }).from(user))[0]!.n;
		expect(accountsAfter).toBe(accountsBefore + 1);
		const [outsiderAccount] = await db.select().from(user).where(eq(user.personId, outsider.id));
		expect(outsiderAccount).toBeUndefined();

		const again = await bulkInvite({ db }, coordinator, { cooperativeId: w.coop1.id });
		expect(again).toEqual({ links: [], skipped: [] });

		// The link works like any invitation.
		await acceptInvitation(
			{ db },
			{ token: first.links[0]!.token, password: 'palliri-2026', confirm: 'palliri-2026' }
		);
	});

	it('give members who share a phone each an account', async () => {
		const a = await makePerson(db, w.coop2.id, { phone: '+59176543210' });
		const b = await makePerson(db, w.coop2.id, { phone: '+59176543210' });
		await enrol(db, w.cohortB.id, a);
		await enrol(db, w.cohortB.id, b);
		const result = await bulkInvite({ db }, coordinator, {
			cohortId: w.cohortB.id,
			cooperativeId: w.coop2.id
		});
		expect(result.skipped).toEqual([]);
		expect(result.links.map((l) => l.personId).sort()).toEqual(
			expect.arrayContaining([a.id, b.id].sort())
		);
	});

	it('are refused to anyone who may not invite', async () => {
		const facilitator = await makeActor(db, 'facilitator', { cohortId: w.cohortA.id });
		await expect(bulkInvite({ db }, facilitator, { cohortId: w.cohortA.id })).rejects.toMatchObject(
			{
				code: 'forbidden'
			}
		);
	});

	it('refuse a cohort or cooperative that does not exist, inviting nobody', async () => {
		const before = await db.select({ n: sql<number>`count(*)::int` }).from(invitation);
		const missing = '00000000-0000-4000-8000-000000000000';
		await expect(bulkInvite({ db }, coordinator, { cohortId: missing })).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(
			bulkInvite({ db }, coordinator, { cohortId: w.cohortA.id, cooperativeId: missing })
		).rejects.toMatchObject({ code: 'not_found' });
		await expect(bulkInvite({ db }, coordinator, { cooperativeId: missing })).rejects.toMatchObject(
			{ code: 'not_found' }
		);
		const after = await db.select({ n: sql<number>`count(*)::int` }).from(invitation);
		expect(after).toEqual(before);
	});

	it('print as a PDF with one QR code per member, from links still open', async () => {
		const p1 = await makePerson(db, w.coop2.id, { givenNames: 'Ñusta', surnames: 'Poopó Quispe' });
		const p2 = await makePerson(db, w.coop2.id, { givenNames: 'Wilfredo', surnames: 'Mollo Cruz' });
		await enrol(db, w.cohortB.id, p1);
		await enrol(db, w.cohortB.id, p2);
		const { links } = await bulkInvite({ db, now }, coordinator, { cohortId: w.cohortB.id });
		expect(links.map((l) => l.name).sort()).toEqual(
			['Wilfredo Mollo Cruz', 'Ñusta Poopó Quispe'].sort()
		);
		const tokens = [...links.map((l) => l.token), 'not-a-real-token-at-all-xxxxxx', '<script>'];
		const entries = await invitationSheetEntries(
			{ db, now },
			coordinator,
			tokens,
			'https://minka.bo'
		);
		expect(entries.map((e) => e.username).sort()).toEqual(links.map((l) => l.username).sort());
		expect(entries[0]!.url).toMatch(/^https:\/\/minka\.bo\/invitation\/[\w-]+$/);

		const pdf = await renderInvitationSheet(entries, labels);
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const stdout = await pdfText(pdf);
		expect(stdout).toContain('Ñusta Poopó Quispe');
		expect(stdout).toContain('Wilfredo Mollo Cruz');
		expect(stdout).toContain(`Usuario: ${links[0]!.username}`);
		expect(stdout).toContain('Vence el 2026-05-15');

		// A used link is no longer printed.
		await acceptInvitation(
			{ db, now },
			{ token: links[0]!.token, password: 'clave-segura-1', confirm: 'clave-segura-1' }
		);
		const after = await invitationSheetEntries(
			{ db, now },
			coordinator,
			tokens,
			'https://minka.bo'
		);
		expect(after).toHaveLength(1);
		const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop2.id });
		await expect(
			invitationSheetEntries({ db, now }, lead, tokens, 'https://minka.bo')
		).rejects.toMatchObject({ code: 'forbidden' });
		const [stored] = await db
			.select()
			.from(invitation)
			.where(eq(invitation.tokenHash, links[1]!.token));
		expect(stored).toBeUndefined();
	});
});

describe('correction requests', () => {
	it('a cooperative lead proposes, a coordinator accepts, with audit', async () => {
		const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop1.id });
		const current = await getPerson({ db }, lead, w.p1a.id);
		const form = {
			givenNames: current.givenNames,
			surnames: 'Quispe Mamani',
			ciNumber: current.ciNumber ?? '',
			ciExtension: current.ciExtension ?? '',
			sex: current.sex,
			birthDate: '1985-02-03',
			phone: current.phone ?? '',
			roleInCooperative: 'Tesorera',
			note: 'Así figura en su carnet.'
		};
		// Nothing changed: refused. A minor: refused.
		await expect(
			proposeCorrection({ db, now }, lead, w.p1a.id, {
				...form,
				surnames: current.surnames,
				birthDate: '',
				roleInCooperative: ''
			})
		).rejects.toMatchObject({ fields: { _: 'no_change' } });
		await expect(
			proposeCorrection({ db, now }, lead, w.p1a.id, { ...form, birthDate: '2010-01-01' })
		).rejects.toMatchObject({ fields: { birthDate: 'minor' } });
		// Only for its own cooperative.
		await expect(proposeCorrection({ db, now }, lead, w.p2a.id, form)).rejects.toMatchObject({
			code: 'forbidden'
		});

		const { id } = await proposeCorrection({ db, now }, lead, w.p1a.id, form);
		const [req] = await db.select().from(correctionRequest).where(eq(correctionRequest.id, id));
		expect(req!.proposed).toEqual({
			surnames: 'Quispe Mamani',
			birthDate: '1985-02-03',
			roleInCooperative: 'Tesorera'
		});
		const seen = await getPerson({ db }, coordinator, w.p1a.id);
		expect(seen.corrections.map((c) => c.id)).toEqual([id]);
		// The lead may not decide its own proposal.
		await expect(reviewCorrection({ db, now }, lead, id, 'accept')).rejects.toMatchObject({
			code: 'forbidden'
		});

		await reviewCorrection({ db, now }, coordinator, id, 'accept');
		const [after] = await db.select().from(person).where(eq(person.id, w.p1a.id));
		expect(after).toMatchObject({
			surnames: 'Quispe Mamani',
			roleInCooperative: 'Tesorera',
			birthDate: '1985-02-03'
		});
		await expect(reviewCorrection({ db, now }, coordinator, id, 'refuse')).rejects.toMatchObject({
			code: 'conflict'
		});
		expect((await getPerson({ db }, coordinator, w.p1a.id)).corrections).toEqual([]);
		const history = await listHistory({ db }, coordinator, { entity: 'person', id: w.p1a.id });
		expect(history[0]).toMatchObject({
			action: 'correction_accepted',
			changes: { surnames: { from: w.p1a.surnames, to: 'Quispe Mamani' }, requestId: id }
		});
		expect(history[1]).toMatchObject({ action: 'correction_proposed' });
	});

	it('a refused proposal changes nothing', async () => {
		const lead = await makeActor(db, 'cooperative_lead', { cooperativeId: w.coop2.id });
		const p = (await db.select().from(person).where(eq(person.id, w.p2b.id)))[0]!;
		const { id } = await proposeCorrection({ db, now }, lead, p.id, {
			givenNames: 'Otro Nombre',
			surnames: p.surnames,
			ciNumber: p.ciNumber ?? '',
			ciExtension: '',
			sex: p.sex,
			birthDate: '',
			phone: p.phone ?? '',
			roleInCooperative: ''
		});
		await reviewCorrection({ db, now }, coordinator, id, 'refuse');
		const [after] = await db.select().from(person).where(eq(person.id, p.id));
		expect(after!.givenNames).toBe(p.givenNames);
		const [req] = await db
			.select()
			.from(correctionRequest)
			.where(and(eq(correctionRequest.id, id), eq(correctionRequest.status, 'refused')));
		expect(req!.reviewedBy).toBe(coordinator.userId);
	});
});
