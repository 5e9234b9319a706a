// `npm run -s minka -- credential:verify FILE --json`, run as a script would, against the
// database and DATA_DIR (keys) the certificates were issued with.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateConfig } from '../../src/lib/server/certificates/config';
import { issueCertificates } from '../../src/lib/server/certificates/issue-certificates';
import { revokeCertificate } from '../../src/lib/server/certificates/revoke-certificate';
import { saveRule } from '../../src/lib/server/certificates/save-rule';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import { openDb, pgliteDir, type DbHandle } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { certificate } from '../../src/lib/server/db/schema';
import { CERT_ORIGIN, makeCertificateWorld } from '../helpers/certificate-world';
import { cliRunner } from '../helpers/cli';
import { createTestDb } from '../helpers/db';
import { makeActor } from '../factories/org';

const dataDir = mkdtempSync(join(tmpdir(), 'minka-cert-cli-'));
const env: NodeJS.ProcessEnv = {
	...process.env,
	DATA_DIR: dataDir,
	ORIGIN: CERT_ORIGIN,
	NODE_ENV: 'test',
	DEMO: 'never'
};
let pgHandle: DbHandle | undefined;
const files = { valid: '', tampered: '', revoked: '', broken: join(dataDir, 'broken.json') };

const minka = cliRunner(env);

beforeAll(async () => {
	// On PostgreSQL the command opens this file's database; on PGlite, the files under DATA_DIR,
	// once this process has let go of them.
	let handle: DbHandle;
	if (process.env.DATABASE_URL) {
		const h = await createTestDb();
		env.DATABASE_URL = h.url;
		handle = pgHandle = h;
	} else {
		delete env.DATABASE_URL;
		handle = await openDb({ dir: pgliteDir(dataDir) });
		await migrate(handle);
	}
	const curriculum = await loadCurriculum(resolve('content'));
	const w = await makeCertificateWorld(handle.db, curriculum);
	const coordinator = await makeActor(handle.db, 'coordinator');
	const config: CertificateConfig = {
		urls: { origin: CERT_ORIGIN },
		keys: { dataDir },
		issuers: ['OIT'],
		logos: [],
		issuerName: 'Minka'
	};
	const deps = { db: handle.db, curriculum, config };
	await saveRule(deps, coordinator, {
		cohortId: w.cohort.id,
		revision: '0',
		values: { minAttendance: '80', requirePlanApproved: 'on' }
	});
	await issueCertificates(deps, coordinator, {
		cohortId: w.cohort.id,
		clientId: crypto.randomUUID(),
		personIds: [w.ids[0], w.ids[1]]
	});
	const rows = await handle.db
		.select()
		.from(certificate)
		.where(eq(certificate.cohortId, w.cohort.id));
	const [a, b] = [
		rows.find((r) => r.personId === w.ids[0])!,
		rows.find((r) => r.personId === w.ids[1])!
	];
	await revokeCertificate({ db: handle.db }, coordinator, {
		certificateId: b.id,
		reason: 'Duplicado'
	});
	const write = (name: string, text: string) => {
		const path = join(dataDir, name);
		writeFileSync(path, text);
		return path;
	};
	const text = JSON.stringify(a.credential, null, 2);
	files.valid = write('valid.json', text);
	// One byte of the holder's name changed.
	const i = text.indexOf(a.holderName);
	files.tampered = write(
		'tampered.json',
		text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1)
	);
	files.revoked = write('revoked.json', JSON.stringify(b.credential));
	writeFileSync(files.broken, '{ not json');
	if (!pgHandle) await handle.close();
}, 400_000);
afterAll(async () => {
	await pgHandle?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('minka credential:verify', { timeout: 60_000 }, () => {
	it('says valid for an issued credential', async () => {
		const r = await minka('credential:verify', files.valid, '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toMatchObject({
			status: 'valid',
			signature: { verified: true },
			expired: false,
			revoked: false,
			known: true
		});
	});

	it('fails once one byte changes, and says revoked for a revoked one', async () => {
		const bad = await minka('credential:verify', files.tampered, '--json');
		expect(bad.code).toBe(1);
		expect(JSON.parse(bad.stdout)).toMatchObject({
			status: 'invalid_signature',
			signature: { verified: false }
		});
		const revoked = await minka('credential:verify', files.revoked, '--json');
		expect(revoked.code).toBe(1);
		expect(JSON.parse(revoked.stdout)).toMatchObject({
			status: 'revoked',
			revoked: true,
			revokedAt: expect.any(String),
			signature: { verified: true }
		});
	});

	it('answers for a file that is not a credential', async () => {
		const r = await minka('credential:verify', files.broken, '--json');
		expect(r.code).toBe(2);
		expect(JSON.parse(r.stdout)).toMatchObject({ status: 'unreadable' });
		const missing = await minka('credential:verify', join(dataDir, 'nope.json'));
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/does not exist/);
	});
});
