import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/lib/domain/roles';
import type { Actor } from '../../src/lib/server/access/guard';
import { courseStats } from '../../src/lib/server/curriculum/course-stats';
import { getCurriculum } from '../../src/lib/server/curriculum/get-curriculum';
import { listCourses } from '../../src/lib/server/curriculum/list-courses';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import { readCourse } from '../../src/lib/server/curriculum/read-course';
import { readSession } from '../../src/lib/server/curriculum/read-session';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';

const participant: Actor = {
	userId: 'u1',
	personId: 'p1',
	grants: [
		{ role: 'participant', cohortId: null, federationId: null, cooperativeId: null } as Grant
	]
};
const noRoles: Actor = { userId: 'u2', personId: null, grants: [] };

let c: Curriculum;
beforeAll(async () => {
	c = await loadCurriculum(resolve('content'));
});

describe('the real content/', () => {
	it('validates, with both courses in order and a content version', () => {
		expect(c.courses.map((x) => x.slug)).toEqual(['think-coop', 'start-coop']);
		expect(c.version).toMatch(/^[0-9a-f]{12}$/);
	});

	it('Think.COOP takes about six hours (340–380 minutes)', () => {
		const minutes = c.course('think-coop')!.minutes;
		expect(minutes).toBeGreaterThanOrEqual(340);
		expect(minutes).toBeLessThanOrEqual(380);
	});

	it('averages at most 15 Spanish words per sentence in every course', () => {
		for (const course of c.courses) {
			const r = courseStats(course).readability;
			expect(r.words, course.slug).toBeGreaterThan(1000);
			expect(r.wordsPerSentence, course.slug).toBeLessThanOrEqual(15);
		}
	});

	it('credits the ILO in both languages in every course', () => {
		for (const course of c.courses) {
			expect(course.credit.es).toMatch(/OIT/);
			expect(course.credit.en).toMatch(/ILO/);
			expect(course.credit.es).toMatch(/CC BY-NC-SA/);
		}
	});

	it('gives every worksheet its fields, from the workbook when it fills a section', () => {
		let fromWorkbook = 0;
		for (const course of c.courses)
			for (const m of course.modules)
				for (const s of m.sessions)
					for (const a of s.activities)
						if (a.type === 'worksheet') {
							expect(a.fields.length, a.files.es).toBeGreaterThan(0);
							if (a.workbook) {
								fromWorkbook++;
								expect(a.fields).toBe(c.section(a.workbook.key)!.fields);
							}
						}
		expect(fromWorkbook).toBeGreaterThan(10);
	});

	it('is loaded once and cached by getCurriculum', async () => {
		const a = await getCurriculum();
		expect(await getCurriculum()).toBe(a);
		expect(a.version).toBe(c.version);
	});
});

describe('course domain functions', () => {
	it('check access first', () => {
		expect(() => listCourses(c, null, 'es')).toThrow(
			expect.objectContaining({ code: 'unauthenticated' })
		);
		expect(() => listCourses(c, noRoles, 'es')).toThrow(
			expect.objectContaining({ code: 'forbidden' })
		);
		expect(() => readCourse(c, noRoles, 'think-coop', 'es')).toThrow(
			expect.objectContaining({ code: 'forbidden' })
		);
	});

	it('list and read courses in the requested language', () => {
		const es = listCourses(c, participant, 'es');
		const en = listCourses(c, participant, 'en');
		expect(es.map((x) => x.slug)).toEqual(['think-coop', 'start-coop']);
		expect(es[0]!.title).toBe(c.course('think-coop')!.title.es);
		expect(en[0]!.title).toBe(c.course('think-coop')!.title.en);
		expect(es[0]!.modules).toBe(1);
		expect(es[0]!.sessions).toBe(5);

		const course = readCourse(c, participant, 'start-coop', 'en');
		expect(course.credit).toMatch(/Start\.COOP/);
		expect(course.moduleList.length).toBe(c.course('start-coop')!.modules.length);
		expect(() => readCourse(c, participant, 'nope', 'es')).toThrow(
			expect.objectContaining({ code: 'not_found' })
		);
	});

	it('read a session with its steps, answers and neighbours', () => {
		const first = c.courses[0]!.modules[0]!;
		const at = { course: 'think-coop', module: first.slug, session: first.sessions[0]!.slug };
		const s = readSession(c, participant, at, 'es');
		expect(s.previous).toBeNull();
		expect(s.next?.slug).toBe(first.sessions[1]!.slug);
		expect(s.activities[0]!.phase).toBe('opening');
		expect(s.activities.at(-1)!.type).toBe('reflect');
		expect(s.activities.reduce((n, a) => n + a.duration, 0)).toBe(s.duration);
		expect(() => readSession(c, participant, { ...at, session: 'nope' }, 'es')).toThrow(
			expect.objectContaining({ code: 'not_found' })
		);

		// Every quiz option is marked correct or not from the answer.
		for (const m of c.courses[0]!.modules)
			for (const ses of m.sessions) {
				const view = readSession(
					c,
					participant,
					{ course: 'think-coop', module: m.slug, session: ses.slug },
					'en'
				);
				for (const a of view.activities)
					for (const q of a.questions ?? [])
						if (q.kind === 'truefalse') expect(typeof q.answer).toBe('boolean');
						else expect(q.options.some((o) => o.correct)).toBe(true);
			}
	});
});
