import type { Breakdown } from '../../lib/domain/reports/breakdown';
import { parseReportFilters } from '../../lib/domain/reports/filters';
import type { FollowUpFigures, Indicators } from '../../lib/domain/reports/indicators';
import { getCurriculum } from '../../lib/server/curriculum/get-curriculum';
import { systemActor } from '../../lib/server/import/system-actor';
import { getIndicators } from '../../lib/server/reports/get-indicators';
import { parseArgs } from '../args';
import { openConfiguredDb } from '../open';
import type { Command } from '../registry';

const USAGE =
	'Usage: npm run -s minka -- report [--programme ID] [--cohort ID] [--federation ID] [--department LP]\n' +
	'       [--mineral tin] [--sex F|M] [--age 18-24|25-34|35-44|45-59|60+] [--role TEXT]\n' +
	'       [--as-of YYYY-MM-DD] [--json]\n';

/** CLI option name → the dashboard's query-string name. */
const names: Record<string, string> = {
	programme: 'programme',
	cohort: 'cohort',
	federation: 'federation',
	department: 'department',
	mineral: 'mineral',
	sex: 'sex',
	age: 'age',
	role: 'role'
};
const known = new Set([...Object.keys(names), 'json', 'as-of']);
const filterKey: Record<string, string> = {
	programme: 'programmeId',
	cohort: 'cohortId',
	federation: 'federationId',
	department: 'department',
	mineral: 'mineral',
	sex: 'sex',
	age: 'ageBand',
	role: 'role'
};

function line(label: string, b: Breakdown): string {
	const by = (o: Record<string, number>) =>
		Object.entries(o)
			.map(([k, n]) => `${k} ${n}`)
			.join(', ');
	return [
		`${label}: ${b.total} (women ${b.bySex.F}, men ${b.bySex.M})`,
		`  by age: ${by(b.byAgeBand)}`,
		`  by federation: ${by(b.byFederation) || '—'}`,
		`  by department: ${by(b.byDepartment) || '—'}`
	].join('\n');
}

function summary(r: Indicators): string {
	const out = [
		`As of ${r.asOf}`,
		line('Enrolled', r.enrolled),
		line('Active in the last 14 days', r.active),
		line('Dropped out', r.droppedOut),
		line('Completed', r.completed)
	];
	for (const c of r.courses) out.push(`Completed ${c.course}: ${c.completed.total}`);
	for (const k of r.knowledgeGain) {
		const avg = (x: { average: number | null }) => (x.average === null ? '—' : `${x.average} %`);
		out.push(
			`${k.course}: pre-test ${avg(k.pre.all)} (${k.pre.all.n}), post-test ${avg(k.post.all)} (${k.post.all.n}), gain ${k.gain.all.average ?? '—'} points (${k.gain.all.n})`
		);
	}
	const ap = r.actionPlans;
	out.push(
		`Action Plans: ${ap.total} (drafted ${ap.drafted}, submitted ${ap.submitted}, approved ${ap.approved})`
	);
	const d = r.feasibility.decisions;
	out.push(
		`Feasibility decisions: go ${d.go ?? 0}, revise ${d.revise ?? 0}, no-go ${d['no-go'] ?? 0}`
	);
	const fu = r.followUp;
	const bs = (c: number) => (c / 100).toFixed(2);
	const figures = (x: FollowUpFigures) =>
		`${x.items} items (done ${x.byStatus.done}, on track ${x.byStatus.on_track}, late ${x.byStatus.late}, not started ${x.byStatus.not_started}, no update ${x.byStatus.none}); ` +
		`updates validated ${x.reviews.validated}, queried ${x.reviews.queried}, pending ${x.reviews.pending}; ` +
		`spent Bs ${bs(x.spent)} of Bs ${bs(x.budget)}; cooperatives ${x.cooperatives}, late ${x.late}`;
	out.push(`Action Plan follow-up (rounds due by ${fu.today}): ${figures(fu.overall)}`);
	for (const x of fu.rounds) out.push(`  ${x.cohortName}, ${x.label} (${x.dueOn}): ${figures(x)}`);
	for (const l of fu.late)
		out.push(`  Late: ${l.name}, ${l.round} (${l.dueOn}), ${l.updated}/${l.items} items updated`);
	if (fu.lateMore) out.push(`  … and ${fu.lateMore} more late`);
	return `${out.join('\n')}\n`;
}

/** `report [filters] [--json]`: the dashboard's indicators, for the whole country or a part. */
export const reportCommand: Command = {
	summary:
		'monitoring indicators (enrolled, completed, knowledge gain, Action Plans, follow-up) [--json]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const unknown = Object.keys(options).filter((k) => !known.has(k));
		if (positionals.length || unknown.length) {
			process.stderr.write(USAGE);
			return 2;
		}
		const value = (k: string) => {
			const v = options[k];
			return typeof v === 'string' ? v : undefined;
		};
		const filters = parseReportFilters((n) => {
			const k = Object.keys(names).find((x) => names[x] === n);
			return k ? value(k) : undefined;
		});
		// A filter given but not understood is a mistake, not "no filter".
		const rejected = Object.keys(names).filter(
			(k) => options[k] !== undefined && !(filterKey[k]! in filters)
		);
		if (rejected.length) {
			process.stderr.write(`Not a valid value: ${rejected.map((k) => `--${k}`).join(', ')}\n`);
			process.stderr.write(USAGE);
			return 2;
		}
		let now: Date | undefined;
		const asOf = value('as-of');
		if (options['as-of'] !== undefined) {
			now = asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? new Date(`${asOf}T12:00:00Z`) : undefined;
			if (!now || Number.isNaN(now.getTime())) {
				process.stderr.write('--as-of takes a date: YYYY-MM-DD\n');
				return 2;
			}
		}
		const handle = await openConfiguredDb();
		try {
			const r = await getIndicators(
				{ db: handle.db, curriculum: await getCurriculum() },
				systemActor,
				filters,
				{ now }
			);
			process.stdout.write(options.json ? `${JSON.stringify(r, null, 2)}\n` : summary(r));
			return 0;
		} finally {
			await handle.close();
		}
	}
};
