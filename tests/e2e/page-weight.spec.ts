import { expect, test } from './helpers';
import { BUDGET_BYTES, measure } from '../../bench/page-weight';

// Bytes are deterministic for a given build, so the budget is asserted here (not timings).
test('sign-in page and a participant home stay within the cold-load budget', async ({
	baseURL
}) => {
	const anonymous = await measure({ base: baseURL!, pages: ['/sign-in'] });
	const participant = await measure({
		base: baseURL!,
		pages: ['/'],
		user: 'dirigente',
		password: 'minka-demo'
	});
	for (const r of [...anonymous, ...participant]) {
		expect(r.status, r.path).toBe(200);
		expect(r.bytes, `${r.path} weighs ${r.bytes} bytes`).toBeLessThanOrEqual(BUDGET_BYTES);
		expect(r.foreign, `${r.path} requested another host`).toEqual([]);
	}
});

test('the player page, its island script included, stays within the cold-load budget', async ({
	baseURL
}) => {
	const [player] = await measure({
		base: baseURL!,
		pages: [],
		user: 'dirigente',
		password: 'minka-demo',
		player: true
	});
	expect(player!.path).toMatch(/^\/runs\/[0-9a-f-]{36}$/);
	expect(player!.status).toBe(200);
	// The island is the page's only script.
	expect(player!.jsBytes).toBeGreaterThan(0);
	expect(player!.bytes, `the player weighs ${player!.bytes} bytes`).toBeLessThanOrEqual(
		BUDGET_BYTES
	);
	expect(player!.foreign).toEqual([]);
});
