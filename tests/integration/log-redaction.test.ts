// Member data never reaches the logs. A failed query carries its parameters in its message
// (Drizzle: "Failed query: …\nparams: …"): for an import, the whole list of members. The request
// error handler logs the error; what it writes must hold the query, not the people.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { handleError } from '../../src/hooks.server';
import type { DbHandle } from '../../src/lib/server/db/client';
import { importBatch } from '../../src/lib/server/db/schema';
import { log, MAX_LOG_FIELD } from '../../src/lib/server/log';
import { createTestDb } from '../helpers/db';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

/** What the logger writes to stderr while `run` runs. */
function captured(run: () => void): string {
	const lines: string[] = [];
	const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
		lines.push(String(chunk));
		return true;
	});
	try {
		run();
	} finally {
		spy.mockRestore();
	}
	return lines.join('');
}

const member = 'Justina Yujra Condori';
const ci = '4567890';

describe('logs', () => {
	it('hold a failed import query without the members it was storing', async () => {
		// A batch for a cohort that does not exist: the insert fails with the rows as parameters.
		const rows = Array.from({ length: 2000 }, (_, i) => ({
			row: i + 2,
			cells: [member, ci, 'F', `Coop. Minera San Pedro ${i}`, 'x'.repeat(500)]
		}));
		const failure = await handle.db
			.insert(importBatch)
			.values({
				cohortId: randomUUID(),
				fileName: 'lista.xlsx',
				fileHash: 'f'.repeat(64),
				headerRow: 1,
				mapping: {},
				rows
			})
			.then(
				() => null,
				(e: unknown) => e
			);
		expect(String((failure as Error).message)).toContain(member);

		const event = { url: new URL('http://localhost/cohorts/x/import') } as RequestEvent;
		const written = captured(() =>
			handleError({ error: failure, event, status: 500, message: 'Internal Error' })
		);
		expect(written).toContain('request failed');
		expect(written).toContain('Failed query: insert into');
		expect(written).not.toContain(member);
		expect(written).not.toContain(ci);
		expect(written.length).toBeLessThan(2 * MAX_LOG_FIELD);
	});

	it('never write an error object with its parameters, nor a text of any length', () => {
		const error = Object.assign(new Error(`Failed query: select 1\nparams: ${member},${ci}`), {
			params: [member, ci]
		});
		const written = captured(() =>
			log.error('failed', { error, detail: { note: `${member} ${'x'.repeat(1_000_000)}` } })
		);
		expect(written).toContain('Failed query: select 1');
		expect(written).not.toContain(ci);
		expect(written.length).toBeLessThan(3 * MAX_LOG_FIELD);
	});
});
