import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/guard';
import { findAudio } from '../../src/lib/server/curriculum/find-audio';
import { loadCurriculum } from '../../src/lib/server/curriculum/load-curriculum';
import type { Curriculum } from '../../src/lib/server/curriculum/schema';
import { AppError } from '../../src/lib/server/errors';
import { serveFile } from '../../src/lib/server/http/serve-file';
import { fixtureFiles, opusFixture, removeContent, writeContent } from '../helpers/content-fixture';

let dir: string;
let c: Curriculum;
const member: Actor = {
	userId: 'u1',
	personId: null,
	grants: [{ role: 'participant', cohortId: null, federationId: null, cooperativeId: null }]
};
const at = () => ({
	version: c.version,
	course: 'think-coop',
	module: 'orientation',
	session: 'first-meeting',
	file: 'welcome.es.opus'
});

beforeAll(async () => {
	dir = await writeContent(fixtureFiles());
	c = await loadCurriculum(dir);
});
afterAll(() => removeContent(dir));

const codeOf = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		if (e instanceof AppError) return e.code;
		throw e;
	}
	return 'ok';
};

describe('findAudio', () => {
	it('finds the file behind an activity’s audio URL', () => {
		const url = c.activity('think-coop', 'orientation', 'first-meeting', 'welcome')!.audio!.es!;
		const p = at();
		expect(url).toBe(`/audio/${p.version}/${p.course}/${p.module}/${p.session}/${p.file}`);
		expect(findAudio(c, member, p).path).toBe(
			`${dir}/think-coop/01-orientation/01-first-meeting/01-welcome.es.opus`
		);
	});

	it('knows nothing of other versions, locales without audio, odd names or other steps', () => {
		for (const over of [
			{ version: 'abcdef123456' },
			{ file: 'welcome.en.opus' },
			{ file: 'welcome.es.mp3' },
			{ file: '../welcome.es.opus' },
			{ file: 'map.es.opus' },
			{ session: 'nope' }
		])
			expect(
				codeOf(() => findAudio(c, member, { ...at(), ...over })),
				JSON.stringify(over)
			).toBe('not_found');
	});

	it('is for signed-in users only', () => {
		expect(codeOf(() => findAudio(c, null, at()))).toBe('unauthenticated');
	});
});

describe('serveFile', () => {
	const headers = { 'content-type': 'audio/ogg; codecs=opus', 'cache-control': 'private' };
	const path = () => findAudio(c, member, at()).path;
	const get = (h: Record<string, string> = {}, method = 'GET') =>
		serveFile(new Request('http://x/a', { method, headers: h }), path(), headers);
	const bytes = opusFixture();

	it('serves the whole file, saying it takes ranges', async () => {
		const r = await get();
		expect(r.status).toBe(200);
		expect(r.headers.get('accept-ranges')).toBe('bytes');
		expect(r.headers.get('content-length')).toBe(String(bytes.length));
		expect(r.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
		expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes);
	});

	it('serves one byte range, so a player can seek', async () => {
		const r = await get({ range: 'bytes=4-13' });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe(`bytes 4-13/${bytes.length}`);
		expect(r.headers.get('content-length')).toBe('10');
		expect(Buffer.from(await r.arrayBuffer())).toEqual(bytes.subarray(4, 14));
		const tail = await get({ range: 'bytes=-8' });
		expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 8));
	});

	it('refuses a range past the end and ignores several ranges or a broken header', async () => {
		const r = await get({ range: `bytes=${bytes.length + 10}-` });
		expect(r.status).toBe(416);
		expect(r.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
		expect((await get({ range: 'bytes=0-1,10-20' })).status).toBe(200);
		expect((await get({ range: 'lines=1-2' })).status).toBe(200);
		expect((await get({ range: 'bytes=x' })).status).toBe(200);
	});

	it('answers HEAD without a body', async () => {
		const r = await get({}, 'HEAD');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-length')).toBe(String(bytes.length));
		expect(r.body).toBeNull();
	});
});
