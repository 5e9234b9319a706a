import { expect, test } from './helpers';
import {
	BUDGET_BYTES,
	COURSE_BUDGET_BYTES,
	measure,
	measureCourseDownload,
	measureOffline,
	OFFLINE_BUDGET_BYTES
} from '../../bench/page-weight';

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
		// The service worker's registration script, deferred, is counted in every page.
		expect(r.jsBytes, `${r.path} loads the registration script`).toBeGreaterThan(0);
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
	// The island and the service worker's registration are the page's only scripts.
	expect(player!.jsBytes).toBeGreaterThan(0);
	expect(player!.bytes, `the player weighs ${player!.bytes} bytes`).toBeLessThanOrEqual(
		BUDGET_BYTES
	);
	expect(player!.foreign).toEqual([]);
});

test('the service worker, its registration and what it keeps add at most 25 KB to a first visit', async ({
	baseURL
}) => {
	const w = await measureOffline({ base: baseURL! });
	expect(w.registerBytes).toBeGreaterThan(0);
	expect(w.workerBytes).toBeGreaterThan(0);
	expect(w.precached).toContain('/offline');
	expect(w.precached).toContain('/js/player.js');
	expect(w.total, `the service worker adds ${w.total} bytes`).toBeLessThanOrEqual(
		OFFLINE_BUDGET_BYTES
	);
});

test('Think.COOP saved for use without internet, its five sessions, stays under 1 MB on the phone', async ({
	baseURL
}) => {
	const c = await measureCourseDownload({
		base: baseURL!,
		user: 'dirigente',
		password: 'minka-demo',
		course: 'think-coop'
	});
	expect(
		c.pages.filter((p) => /^\/courses\/think-coop\/(?!test\/)[^/]+\/[^/]+$/.test(p))
	).toHaveLength(5);
	expect(c.wireBytes).toBeGreaterThan(0);
	expect(c.storedBytes, `Think.COOP keeps ${c.storedBytes} bytes`).toBeLessThanOrEqual(
		COURSE_BUDGET_BYTES
	);
});
