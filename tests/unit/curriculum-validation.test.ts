import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import { renderBody } from '../../src/lib/server/curriculum/markdown';
import {
	fixtureFiles,
	opusFixture,
	removeContent,
	testQuiz,
	writeContent
} from '../helpers/content-fixture';
import { activityView } from '../../src/lib/server/curriculum/views';

const S = 'think-coop/01-orientation/01-first-meeting';
const dirs: string[] = [];

afterEach(async () => {
	await Promise.all(dirs.splice(0).map(removeContent));
});

async function load(files: Record<string, string | Buffer>) {
	const dir = await writeContent(files);
	dirs.push(dir);
	return loadCurriculum(dir);
}

/** Loads content that must fail; returns the problems reported. */
async function problems(files: Record<string, string | Buffer>): Promise<string[]> {
	try {
		await load(files);
	} catch (e) {
		expect(e).toBeInstanceOf(ContentError);
		return (e as ContentError).problems;
	}
	throw new Error('expected the content to be rejected');
}

/** Edits one file of a fresh fixture. */
function edit(path: string, from: string | RegExp, to: string) {
	const files = fixtureFiles();
	const before = files[path] as string;
	files[path] = before.replace(from, to);
	expect(files[path], `the edit of ${path} changed nothing`).not.toBe(before);
	return files;
}

describe('a valid content directory', () => {
	it('loads into an index with typed lookups by slug', async () => {
		const c = await load(fixtureFiles());
		expect(c.courses.map((x) => x.slug)).toEqual(['think-coop']);
		const course = c.course('think-coop')!;
		expect(course.minutes).toBe(20);
		expect(course.preTest.questions).toHaveLength(10);
		expect(c.module('think-coop', 'orientation')?.title.en).toBe('Orientation');
		const session = c.session('think-coop', 'orientation', 'first-meeting')!;
		expect(session.activities.map((a) => a.slug)).toEqual([
			'welcome',
			'map',
			'decision',
			'quiz',
			'closing'
		]);
		expect(c.session('think-coop', 'orientation', 'nope')).toBeUndefined();

		const welcome = c.activity('think-coop', 'orientation', 'first-meeting', 'welcome')!;
		expect(welcome.title).toEqual({ es: 'Bienvenida', en: 'Welcome' });
		expect(welcome.body.es.chunks).toHaveLength(2);
		expect(welcome.body.es.html).toContain('<strong>decidir</strong>');

		const map = c.activity('think-coop', 'orientation', 'first-meeting', 'map')!;
		if (map.type !== 'worksheet') throw new Error('map is a worksheet');
		expect(map.fields[0]!.columns!.map((col) => col.label)).toEqual([
			{ es: '¿Quién?', en: 'Who?' },
			{ es: 'Tipo', en: 'Kind' }
		]);

		// YAML 1.2: `yes` / `no` are option ids (strings), not booleans.
		const decision = c.activity('think-coop', 'orientation', 'first-meeting', 'decision')!;
		if (decision.type !== 'decide') throw new Error('decision is a decide');
		expect(decision.options.map((o) => o.id)).toEqual(['yes', 'no']);
		expect(decision.workbook?.key).toBe('think.decision');
		expect(c.section('think.decision')?.fields[0]!.options!.map((o) => o.id)).toEqual([
			'yes',
			'no'
		]);
	});

	it('has a content version that changes with any file', async () => {
		const a = await load(fixtureFiles());
		const b = await load(fixtureFiles());
		const c = await load(edit(`${S}/01-welcome.en.md`, 'Welcome!', 'Hello!'));
		expect(a.version).toMatch(/^[0-9a-f]{12}$/);
		expect(b.version).toBe(a.version);
		expect(c.version).not.toBe(a.version);
	});
});

describe('validation fails, naming the file', () => {
	it('on a missing translation in a { es, en } text', async () => {
		const p = await problems(
			edit(
				`${S}/session.yaml`,
				'title: { es: "Primera reunión", en: "First meeting" }',
				'title: { es: "Primera reunión" }'
			)
		);
		expect(p).toEqual([
			'content/think-coop/01-orientation/01-first-meeting/session.yaml: title.en: missing English (en) translation'
		]);
	});

	it('on a missing locale file', async () => {
		const files = fixtureFiles();
		delete files[`${S}/02-map.en.md`];
		const p = await problems(files);
		expect(p).toHaveLength(1);
		expect(p[0]).toMatch(/01-first-meeting\/02-map\.en\.md: missing locale file/);
	});

	it('on a workbook reference to an unknown section', async () => {
		const files = fixtureFiles();
		for (const l of ['es', 'en'])
			files[`${S}/03-decision.${l}.md`] = (files[`${S}/03-decision.${l}.md`] as string).replace(
				'workbook: think.decision',
				'workbook: think.choice'
			);
		const p = await problems(files);
		expect(p).toEqual([
			`content/${S}/03-decision.es.md: workbook: "think.choice" is not a section of workbook.yaml`
		]);
	});

	it('on a decision whose options its workbook section cannot store', async () => {
		const files = fixtureFiles();
		for (const l of ['es', 'en'])
			files[`${S}/03-decision.${l}.md`] = (files[`${S}/03-decision.${l}.md`] as string).replace(
				'- { id: no,',
				'- { id: not-yet,'
			);
		const p = await problems(files);
		expect(p).toEqual([
			`content/${S}/03-decision.es.md: workbook: "think.decision" has no choice field with this decision's options (yes, not-yet)`
		]);
	});

	it('on a worksheet field of unknown type', async () => {
		const p = await problems(
			edit(`${S}/02-map.es.md`, '{ id: who, type: text', '{ id: who, type: txt')
		);
		expect(p).toHaveLength(1);
		expect(p[0]).toContain(
			`content/${S}/02-map.es.md: fields.0.columns.0.type: unknown field type "txt"`
		);
	});

	it('on a table inside a table', async () => {
		const p = await problems(
			edit(
				`${S}/02-map.es.md`,
				'{ id: who, type: text, label: "¿Quién?" }',
				'{ id: who, type: table, label: "¿Quién?" }'
			)
		);
		expect(p.join('\n')).toContain('a table column cannot be a table');
	});

	it('on default rows that do not fit their table', async () => {
		const table = (rows: string) => `          - id: steps
            type: table
            label: { es: "Pasos", en: "Steps" }
            columns:
              - { id: step, type: text, label: { es: "Paso", en: "Step" } }
              - { id: who, type: person, label: { es: "Quién", en: "Who" } }
              - id: done
                type: choice
                label: { es: "¿Hecho?", en: "Done?" }
                options:
                  - { id: done, label: { es: "Hecho", en: "Done" } }
                  - { id: pending, label: { es: "Falta", en: "Pending" } }
            defaultRows:
${rows}`;
		const withRows = (rows: string) => {
			const files = fixtureFiles();
			files['workbook.yaml'] = `${files['workbook.yaml'] as string}${table(rows)}\n`;
			return files;
		};
		// A good one loads, with the rows kept in both languages.
		const c = await load(
			withRows('              - { step: { es: "Uno", en: "One" }, done: pending }')
		);
		expect(c.section('think.decision')!.fields.at(-1)!.defaultRows).toEqual([
			{ step: { es: 'Uno', en: 'One' }, done: 'pending' }
		]);
		const p = await problems(
			withRows(
				[
					'              - { step: "Solo en español", done: maybe }',
					'              - { who: { es: "Ana", en: "Ana" }, color: red }'
				].join('\n')
			)
		);
		const all = p.join('\n');
		expect(all).toContain('content/workbook.yaml');
		expect(all).toContain('a text cell needs { es, en }');
		expect(all).toContain('"maybe" is not an option of "done"');
		expect(all).toContain('a person column cannot have a default');
		expect(all).toContain('"color" is not a column of this table');
	});

	it('on default rows for a field that is not a table', async () => {
		const files = fixtureFiles();
		files['workbook.yaml'] = (files['workbook.yaml'] as string).replace(
			'            options:\n',
			'            defaultRows: [{ decision: yes }]\n            options:\n'
		);
		expect((await problems(files)).join('\n')).toContain('only table fields take defaultRows');
	});

	it('on an unknown activity type', async () => {
		const p = await problems(edit(`${S}/04-quiz.es.md`, 'type: quiz', 'type: exam'));
		expect(p).toEqual([
			`content/${S}/04-quiz.es.md: type: unknown activity type "exam" (expected read, discuss, worksheet, quiz, reflect, decide)`
		]);
	});

	it('on a gap in the numbering of activities (unordered session)', async () => {
		const files = fixtureFiles();
		for (const l of ['es', 'en']) {
			files[`${S}/06-closing.${l}.md`] = files[`${S}/05-closing.${l}.md`]!;
			delete files[`${S}/05-closing.${l}.md`];
		}
		const p = await problems(files);
		expect(p).toEqual([
			`content/${S}: numbering must run 01, 02, … without gaps or repeats; found 01-welcome, 02-map, 03-decision, 04-quiz, 06-closing`
		]);
	});

	it('on a repeated number and on a gap in session folders', async () => {
		const files = fixtureFiles();
		for (const l of ['es', 'en'])
			files[`${S}/04-quiz-again.${l}.md`] = files[`${S}/04-quiz.${l}.md`]!;
		expect((await problems(files)).join('\n')).toContain(`content/${S}: numbering must run`);

		const moved = Object.fromEntries(
			Object.entries(fixtureFiles()).map(([k, v]) => [
				k.replace('01-first-meeting', '02-first-meeting'),
				v
			])
		);
		expect(await problems(moved)).toEqual([
			'content/think-coop/01-orientation: numbering must run 01, 02, … without gaps or repeats; found 02-first-meeting'
		]);
	});

	it('on es and en files whose structure differs', async () => {
		const p = await problems(edit(`${S}/04-quiz.en.md`, 'answer: b', 'answer: a'));
		expect(p).toEqual([
			`content/${S}/04-quiz.en.md: structure differs from 04-quiz.es.md at questions.0.answer: es has "b", en has "a"`
		]);
		const q = await problems(edit(`${S}/02-map.en.md`, '{ id: who,', '{ id: whom,'));
		expect(q.join('\n')).toContain('structure differs from 02-map.es.md at fields.0.columns.0.id');
		const r = await problems(
			edit(
				`${S}/session.yaml`,
				'en: ["Get to know each other.", "Decide."]',
				'en: ["Get to know each other."]'
			)
		);
		expect(r.join('\n')).toContain(
			'session.yaml: objectives: es and en must have the same number of items'
		);
	});

	it('on a session duration that is not the sum of its activities', async () => {
		const p = await problems(edit(`${S}/session.yaml`, 'duration: 20', 'duration: 25'));
		expect(p).toEqual([
			`content/${S}/session.yaml: duration is 25 but the activities add up to 20 minutes`
		]);
	});

	it('on a session that does not open with phase: opening or close with a reflect', async () => {
		const files = fixtureFiles();
		for (const l of ['es', 'en'])
			files[`${S}/01-welcome.${l}.md`] = (files[`${S}/01-welcome.${l}.md`] as string).replace(
				'phase: opening\n',
				''
			);
		expect(await problems(files)).toEqual([
			`content/${S}/01-welcome.es.md: the first activity must be type: read with phase: opening`
		]);
		const closing = fixtureFiles();
		for (const l of ['es', 'en'])
			closing[`${S}/05-closing.${l}.md`] = (closing[`${S}/05-closing.${l}.md`] as string).replace(
				'type: reflect',
				'type: discuss'
			);
		expect(await problems(closing)).toEqual([
			`content/${S}/05-closing.es.md: the last activity must be type: reflect with phase: closing`
		]);
	});

	it('on a quiz answer that is not one of the options', async () => {
		const files = fixtureFiles();
		for (const l of ['es', 'en'])
			files[`${S}/04-quiz.${l}.md`] = (files[`${S}/04-quiz.${l}.md`] as string).replace(
				'answer: b',
				'answer: c'
			);
		const p = await problems(files);
		expect(p).toContain(
			`content/${S}/04-quiz.es.md: questions.0.answer: answer "c" is not one of the options (a, b)`
		);
	});

	it('on a pre-test that is missing or has too few or too many questions', async () => {
		const missing = fixtureFiles();
		delete missing['think-coop/post-test.es.md'];
		delete missing['think-coop/post-test.en.md'];
		const p = await problems(missing);
		expect(p).toContain(
			'content/think-coop/post-test.es.md: missing locale file (every activity needs es and en)'
		);

		for (const n of [9, 16]) {
			const files = fixtureFiles();
			files['think-coop/pre-test.es.md'] = testQuiz('es', n);
			files['think-coop/pre-test.en.md'] = testQuiz('en', n);
			expect(await problems(files)).toEqual([
				`content/think-coop/pre-test.es.md: the pre-test must have 10–15 questions; it has ${n}`
			]);
		}
	});

	it('on a slug that is not kebab-case', async () => {
		const files = Object.fromEntries(
			Object.entries(fixtureFiles()).map(([k, v]) => [
				k.replace('01-first-meeting', '01-First_Meeting'),
				v
			])
		);
		expect(await problems(files)).toEqual([
			'content/think-coop/01-orientation/01-First_Meeting: slug "First_Meeting" must be kebab-case'
		]);
	});

	it('on raw HTML in a body, which is also escaped when rendered', async () => {
		const p = await problems(
			edit(`${S}/01-welcome.es.md`, 'Elijan quién lee.', 'Elijan <b>quién</b> lee.')
		);
		expect(p).toEqual([`content/${S}/01-welcome.es.md: raw HTML is not allowed: <b>`]);
		const body = renderBody('Hola <script>alert(1)</script>\n\n<div onclick="x()">a</div>');
		expect(body.html).not.toMatch(/<script|<div/);
		expect(body.html).toContain('&lt;script&gt;');
		expect(body.problems).toEqual(['raw HTML is not allowed: <script>']);
		const other = renderBody('Mire ![mina](mina.png) y [esto](https://example.com).');
		expect(other.html).not.toContain('<img');
		expect(other.problems).toEqual([
			'images are not allowed: ![mina](mina.png)',
			'links to other hosts are not allowed: https://example.com'
		]);
	});
});

describe('renderBody', () => {
	it('splits a body into paragraph chunks with plain text', () => {
		const body = renderBody('Uno. Dos.\n\n- **a**\n- b\n\n> Una historia.\n');
		expect(body.chunks.map((c) => c.text)).toEqual(['Uno. Dos.', 'a\nb', 'Una historia.']);
		expect(body.chunks[1]!.html).toBe('<ul>\n<li><strong>a</strong></li>\n<li>b</li>\n</ul>');
		expect(body.text).toBe('Uno. Dos.\na\nb\nUna historia.');
	});
});

describe('recorded readings (audio)', () => {
	const opus = `${S}/01-welcome.es.opus`;

	it('are indexed as a URL carrying the content version, per locale', async () => {
		const c = await load(fixtureFiles());
		const welcome = c.activity('think-coop', 'orientation', 'first-meeting', 'welcome')!;
		expect(welcome.audio).toEqual({
			es: `/audio/${c.version}/think-coop/orientation/first-meeting/welcome.es.opus`
		});
		expect(welcome.audioFiles?.es).toBe(`content/${opus}`);
		expect(activityView(welcome, 'es').audio).toBe(welcome.audio!.es);
		expect(activityView(welcome, 'en').audio).toBeUndefined();
		const map = c.activity('think-coop', 'orientation', 'first-meeting', 'map')!;
		expect(map.audio).toBeUndefined();
	});

	it('change the content version when they change', async () => {
		const files = fixtureFiles();
		const a = await load(files);
		const other = Buffer.from(opusFixture());
		other[other.length - 1] = other[other.length - 1]! ^ 0xff;
		const b = await load({ ...files, [opus]: other });
		expect(b.version).not.toBe(a.version);
	});

	it('belong only to reading steps that exist, in a known locale', async () => {
		const audio = opusFixture();
		expect(await problems({ ...fixtureFiles(), [`${S}/02-map.es.opus`]: audio })).toEqual([
			`content/${S}/02-map.es.opus: audio belongs only to reading steps (type: read); 02-map is type: worksheet`
		]);
		expect(await problems({ ...fixtureFiles(), [`${S}/09-nothing.es.opus`]: audio })).toEqual([
			`content/${S}/09-nothing.es.opus: no activity 09-nothing for this audio file`
		]);
		expect(await problems({ ...fixtureFiles(), [`${S}/01-welcome.fr.opus`]: audio })).toEqual([
			`content/${S}/01-welcome.fr.opus: unknown locale "fr" (expected es, en)`
		]);
		expect(
			await problems({ ...fixtureFiles(), 'think-coop/01-orientation/intro.es.opus': audio })
		).toEqual([
			'content/think-coop/01-orientation/intro.es.opus: unexpected file (see docs/content.md)'
		]);
	});

	it('must be Opus in an Ogg container', async () => {
		const text = await problems({
			...fixtureFiles(),
			[opus]: Buffer.from('ID3 not ogg at all, an mp3 perhaps')
		});
		expect(text).toEqual([
			`content/${opus}: not an Ogg file (expected Opus in an Ogg container, starting with "OggS")`
		]);
		const vorbis = opusFixture();
		const at = vorbis.indexOf('OpusHead');
		vorbis.write('VorbHead', at);
		expect(await problems({ ...fixtureFiles(), [opus]: vorbis })).toEqual([
			`content/${opus}: an Ogg file without an Opus stream (no "OpusHead" header): encode it with opusenc`
		]);
		expect(await problems({ ...fixtureFiles(), [opus]: Buffer.from('OggS') })).toHaveLength(1);
	});

	it('are at most 2 MB', async () => {
		const big = Buffer.alloc(2 * 1024 * 1024 + 1);
		opusFixture().copy(big);
		expect(await problems({ ...fixtureFiles(), [opus]: big })).toEqual([
			`content/${opus}: audio file is 2049 KB; at most 2048 KB`
		]);
	});
});
