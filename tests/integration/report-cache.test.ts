// The dashboards' figures cache: a wide scope's figures are kept for a few minutes and recounted in
// the background, a small scope is always counted afresh, and two readers share figures only when
// they may see exactly the same rows.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import type { DbHandle } from '../../src/lib/server/db/client';
import { enrolment } from '../../src/lib/server/db/schema';
import { isAppError } from '../../src/lib/server/errors';
import {
	IndicatorCache,
	type IndicatorCacheOptions
} from '../../src/lib/server/reports/get-cached-indicators';
import { getDashboard } from '../../src/lib/server/reports/get-dashboard';
import { makeActor } from '../factories/org';
import { createTestDb } from '../helpers/db';
import { buildReportWorld, reportNow, type ReportWorld } from '../helpers/report-world';

let h: DbHandle;
let curriculum: Curriculum;
let w: ReportWorld;
let coordinator: Actor;
const t0 = reportNow.getTime();
const at = (minutes: number) => ({ now: new Date(t0 + minutes * 60_000) });
const MIN = 60_000;
// Every scope of the small world counts as wide, so its figures are kept.
const keepAll: IndicatorCacheOptions = {
	minEnrolled: 1,
	freshMs: 5 * MIN,
	staleMs: 60 * MIN,
	maxEntries: 10
};

beforeAll(async () => {
	h = await createTestDb();
	curriculum = await getCurriculum();
	w = await buildReportWorld(h.db);
	coordinator = await makeActor(h.db, 'coordinator');
}, 120_000);
afterAll(async () => h?.close());

const deps = () => ({ db: h.db, curriculum });
/** Withdraws (or brings back) person a1: the number who dropped out moves by one. */
const withdrawA1 = (status: 'withdrawn' | 'active') =>
	h.db.update(enrolment).set({ status }).where(eq(enrolment.personId, w.a1.id));

describe('figures cache', () => {
	it('keeps a wide scope for 5 minutes, then serves it while recounting, then recounts first', async () => {
		const cache = new IndicatorCache(keepAll);
		const first = await cache.get(deps(), coordinator, {}, at(0));
		expect(first.kept).toBe(false);
		const dropped = first.indicators.droppedOut.total;

		await withdrawA1('withdrawn');
		try {
			// Fresh: the kept figures, counted at minute 0.
			const fresh = await cache.get(deps(), coordinator, {}, at(4));
			expect(fresh.kept).toBe(true);
			expect(fresh.countedAt).toEqual(at(0).now);
			expect(fresh.indicators.droppedOut.total).toBe(dropped);

			// Stale: still the kept figures, at once, while one recount runs.
			const stale = await cache.get(deps(), coordinator, {}, at(6));
			expect(stale.kept).toBe(true);
			expect(stale.indicators.droppedOut.total).toBe(dropped);
			await cache.settle();
			const recounted = await cache.get(deps(), coordinator, {}, at(7));
			expect(recounted.kept).toBe(true);
			expect(recounted.countedAt).toEqual(at(6).now);
			expect(recounted.indicators.droppedOut.total).toBe(dropped + 1);
		} finally {
			await withdrawA1('active');
		}
		// Too old to serve: counted again before answering.
		const late = await cache.get(deps(), coordinator, {}, at(6 + 61));
		expect(late.kept).toBe(false);
		expect(late.indicators.droppedOut.total).toBe(dropped);
	});

	it('never keeps a scope with fewer people than the threshold', async () => {
		const cache = new IndicatorCache({ ...keepAll, minEnrolled: 1_000 });
		const before = await cache.get(deps(), coordinator, {}, at(0));
		await withdrawA1('withdrawn');
		try {
			const after = await cache.get(deps(), coordinator, {}, at(1));
			expect(after.kept).toBe(false);
			expect(after.indicators.droppedOut.total).toBe(before.indicators.droppedOut.total + 1);
			expect(cache.size).toBe(0);
		} finally {
			await withdrawA1('active');
		}
	});

	it('shares figures only between readers who may see the same rows, and per filter', async () => {
		const cache = new IndicatorCache(keepAll);
		const focalA = await makeActor(h.db, 'federation_focal_point', { federationId: w.fedA.id });
		const focalA2 = await makeActor(h.db, 'federation_focal_point', { federationId: w.fedA.id });
		const focalB = await makeActor(h.db, 'federation_focal_point', { federationId: w.fedB.id });

		const a = await cache.get(deps(), focalA, {}, at(0));
		expect(a.indicators.enrolled.byFederation).toEqual({ FEDA: 7 });
		// Another focal point of the same federation sees the same rows: the same count.
		const a2 = await cache.get(deps(), focalA2, {}, at(1));
		expect(a2.kept).toBe(true);
		expect(a2.indicators).toBe(a.indicators);
		// Another federation never gets FEDA's figures.
		const b = await cache.get(deps(), focalB, {}, at(1));
		expect(b.kept).toBe(false);
		expect(b.indicators.enrolled.byFederation).toEqual({ FEDB: 2 });
		// Nor does the coordinator filtering on FEDA: a different scope, counted on its own.
		const c = await cache.get(deps(), coordinator, { federationId: w.fedA.id }, at(1));
		expect(c.kept).toBe(false);
		expect(c.indicators.enrolled.total).toBe(7);
		const women = await cache.get(deps(), focalA, { sex: 'F' }, at(1));
		expect(women.kept).toBe(false);
		expect(women.indicators.enrolled.total).toBe(4);
	});

	it('counts once for readers asking together, forgets the least recent, and keeps no refusal', async () => {
		const cache = new IndicatorCache({ ...keepAll, maxEntries: 2 });
		const [x, y] = await Promise.all([
			cache.get(deps(), coordinator, {}, at(0)),
			cache.get(deps(), coordinator, {}, at(0))
		]);
		expect(x.indicators).toBe(y.indicators);
		await cache.get(deps(), coordinator, { sex: 'F' }, at(0));
		await cache.get(deps(), coordinator, { sex: 'M' }, at(0));
		expect(cache.size).toBe(2);
		// The first key was the least recently used: counted again.
		expect((await cache.get(deps(), coordinator, {}, at(1))).kept).toBe(false);

		const member = await makeActor(h.db, 'participant', { personId: w.a1.id });
		const refused = new IndicatorCache(keepAll);
		for (const actor of [member, null]) {
			const e = await refused.get(deps(), actor, {}, at(0)).catch((z: unknown) => z);
			expect(isAppError(e)).toBe(true);
		}
		expect(refused.size).toBe(0);
	});

	it('tells the dashboard when its figures were kept', async () => {
		const cache = new IndicatorCache(keepAll);
		const d1 = await getDashboard({ ...deps(), cache }, coordinator, {}, 'es', at(0));
		expect(d1.keptFrom).toBeNull();
		const d2 = await getDashboard({ ...deps(), cache }, coordinator, {}, 'es', at(2));
		expect(d2.keptFrom).toEqual(at(0).now);
		// Without a cache (the CLI, the tests of the figures) always counted afresh.
		const d3 = await getDashboard(deps(), coordinator, {}, 'es', at(3));
		expect(d3.keptFrom).toBeNull();
	});
});
