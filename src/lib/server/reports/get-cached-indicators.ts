// The dashboards' figures, kept for a few minutes when they cover many people.
//
// Counting a country (130,000 enrolments, 600,000 attendance rows) takes seconds however the
// queries are written; a cohort or a cooperative takes a fraction of a second. So the figures of
// a scope with at least `minEnrolled` people are kept for `freshMs` and, up to `staleMs`, served
// at once while one recount runs in the background (stale-while-revalidate); smaller scopes are
// always counted afresh, so a facilitator or a lead sees a change at once. The page says when the
// kept figures were counted.
//
// Two readers share an entry only when they may see exactly the same rows: the key is the
// reader's `report.view` visibility (not their id), the filters and the day. Memory is bounded
// (`maxEntries`, least recently used forgotten first) and concurrent requests for the same key
// share one count (single flight).
import type { ReportFilters } from '../../domain/reports/filters';
import type { Indicators } from '../../domain/reports/indicators';
import { todayInBolivia } from '../../domain/bolivia';
import { visibility, type Actor } from '../access/guard';
import { AppError } from '../errors';
import { log } from '../log';
import { getIndicators, type IndicatorOptions, type ReportDeps } from './get-indicators';

export interface IndicatorCacheOptions {
	/** Scopes with fewer people enrolled (after filters) are never kept. */
	minEnrolled: number;
	/** Kept figures younger than this are served as they are. */
	freshMs: number;
	/** Older, up to this age, they are served while a recount runs; older still, recounted first. */
	staleMs: number;
	maxEntries: number;
}

export const defaultIndicatorCache: IndicatorCacheOptions = {
	minEnrolled: 5_000,
	freshMs: 5 * 60_000,
	staleMs: 60 * 60_000,
	maxEntries: 100
};

export interface CachedIndicators {
	indicators: Indicators;
	/** When these figures were counted. */
	countedAt: Date;
	/** True when the figures were kept from an earlier count (the page says when). */
	kept: boolean;
}

interface Entry {
	value?: { indicators: Indicators; countedAt: Date };
	/** A count under way for this key, shared by everyone who asks meanwhile. */
	pending?: Promise<{ indicators: Indicators; countedAt: Date }>;
}

export class IndicatorCache {
	private entries = new Map<string, Entry>();
	constructor(readonly options: IndicatorCacheOptions = defaultIndicatorCache) {}

	async get(
		deps: ReportDeps,
		actor: Actor | null,
		filters: ReportFilters,
		opts: IndicatorOptions = {},
		clock: () => Date = () => new Date()
	): Promise<CachedIndicators> {
		if (!actor) throw new AppError('unauthenticated');
		const now = opts.now ?? clock();
		const key = cacheKey(actor, filters, opts, now);
		const entry = this.entries.get(key);
		const count = () => this.count(key, deps, actor, filters, { ...opts, now });
		if (entry?.value) {
			const age = now.getTime() - entry.value.countedAt.getTime();
			if (age <= this.options.staleMs) {
				this.touch(key, entry);
				if (age > this.options.freshMs && !entry.pending)
					// A recount in the background; its failure is logged, the kept figures stay.
					count().catch((e) =>
						log.warn('indicator recount failed', { error: (e as Error).message })
					);
				return { ...entry.value, kept: true };
			}
		}
		const counted = await (entry?.pending ?? count());
		return { ...counted, kept: false };
	}

	/** Forgets every kept figure (tests, and after a restore). */
	clear() {
		this.entries.clear();
	}

	get size() {
		return this.entries.size;
	}

	/** Resolves once every count under way has ended (whatever its outcome). */
	async settle() {
		await Promise.allSettled([...this.entries.values()].map((e) => e.pending));
	}

	private count(
		key: string,
		deps: ReportDeps,
		actor: Actor,
		filters: ReportFilters,
		opts: IndicatorOptions
	) {
		const entry = this.entries.get(key) ?? {};
		const pending = getIndicators(deps, actor, filters, opts).then((indicators) => {
			const value = { indicators, countedAt: opts.now ?? new Date() };
			const current = this.entries.get(key);
			if (current?.pending === pending) delete current.pending;
			if (indicators.enrolled.total >= this.options.minEnrolled) {
				this.touch(key, { ...current, value });
				this.evict();
			} else if (current && !current.value) this.entries.delete(key);
			return value;
		});
		entry.pending = pending;
		this.entries.set(key, entry);
		// The caller gets the rejection; the entry must not keep a failed count.
		pending.catch(() => {
			const current = this.entries.get(key);
			if (current?.pending !== pending) return;
			delete current.pending;
			if (!current.value) this.entries.delete(key);
		});
		return pending;
	}

	private touch(key: string, entry: Entry) {
		this.entries.delete(key);
		this.entries.set(key, entry);
	}

	private evict() {
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.options.maxEntries) break;
			this.entries.delete(key);
		}
	}
}

/** Who may see what (not who asks), the filters, the limits and Bolivia's day. */
function cacheKey(actor: Actor, filters: ReportFilters, opts: IndicatorOptions, now: Date) {
	const v = visibility(actor, 'report.view');
	const sorted = (xs: readonly string[]) => [...xs].sort();
	const f = Object.fromEntries(
		Object.entries(filters)
			.filter(([, value]) => value !== undefined && value !== null && value !== '')
			.sort(([a], [b]) => a.localeCompare(b))
	);
	return JSON.stringify([
		v.all,
		sorted(v.cohortIds),
		sorted(v.federationIds),
		sorted(v.cooperativeIds),
		f,
		opts.teamLimit ?? null,
		opts.lateLimit ?? null,
		todayInBolivia(now)
	]);
}

/** The server's one cache. */
export const indicatorCache = new IndicatorCache();
