import { resolve } from 'node:path';
import { courseStats } from '../../lib/server/curriculum/course-stats';
import { ContentError, loadCurriculum } from '../../lib/server/curriculum/load-curriculum';
import { locales } from '../../lib/server/curriculum/schema';
import { parseArgs } from '../args';
import type { Command } from '../registry';

const one = (n: number) => Math.round(n * 10) / 10;

export const contentCheckCommand: Command = {
	summary: 'validate content/ and report size and Spanish readability [--json] [--dir D]',
	async run(args) {
		const { options } = parseArgs(args);
		const dir = resolve(typeof options.dir === 'string' ? options.dir : 'content');
		let curriculum;
		try {
			curriculum = await loadCurriculum(dir);
		} catch (e) {
			if (!(e instanceof ContentError)) throw e;
			process.stderr.write(`${e.message}\n`);
			return 1;
		}
		const stats = curriculum.courses.map(courseStats);

		if (options.json) {
			const courses = stats.map((s) => ({
				slug: s.slug,
				minutes: s.minutes,
				sessions: s.sessions,
				activities: s.activities,
				locales: [...locales],
				readability: {
					es: {
						wordsPerSentence: one(s.readability.wordsPerSentence),
						fernandezHuerta: one(s.readability.fernandezHuerta)
					}
				}
			}));
			process.stdout.write(`${JSON.stringify({ courses }, null, 2)}\n`);
			return 0;
		}

		const out: string[] = [
			`Content ${curriculum.version} in ${dir}: valid, ${stats.length} course(s), locales ${locales.join(', ')}.`
		];
		for (const [i, s] of stats.entries()) {
			const course = curriculum.courses[i]!;
			const r = s.readability;
			out.push(
				'',
				`${s.slug} — ${course.title.es}`,
				`  ${s.modules} module(s), ${s.sessions} sessions, ${s.activities} activities, ${r.words} words (es), ${s.minutes} minutes (${one(s.minutes / 60)} h)`,
				`  pre-test ${course.preTest.questions.length} questions, post-test ${course.postTest.questions.length} questions`,
				`  Spanish: ${one(r.wordsPerSentence)} words per sentence, Fernández-Huerta ${one(r.fernandezHuerta)}`,
				`  ${'session'.padEnd(44)} ${'min'.padStart(4)} ${'act'.padStart(4)} ${'words'.padStart(6)} ${'w/sent'.padStart(7)} ${'F-H'.padStart(6)}`
			);
			for (const p of s.perSession) {
				const mod = course.modules.find((m) => m.slug === p.module)!;
				const name = `${String(mod.number).padStart(2, '0')}.${String(p.number).padStart(2, '0')} ${p.slug}`;
				out.push(
					`  ${name.padEnd(44)} ${String(p.minutes).padStart(4)} ${String(p.activities).padStart(4)} ${String(p.readability.words).padStart(6)} ${one(p.readability.wordsPerSentence).toFixed(1).padStart(7)} ${one(p.readability.fernandezHuerta).toFixed(1).padStart(6)}`
				);
			}
		}
		process.stdout.write(`${out.join('\n')}\n`);
		return 0;
	}
};
