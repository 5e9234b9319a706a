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
