import { describe, expect, it } from 'vitest';
import {
	FORM_MAX_BYTES,
	FORM_MAX_FIELDS,
	FormBodyError,
	parseForm,
	readForm,
	UPLOAD_MAX_BYTES
} from '../../src/lib/server/http/read-form';
import { formValues } from '../../src/lib/server/http/respond';
import { sameOriginPath } from '../../src/lib/server/http/same-origin-path';

const URL_ = 'http://localhost/people/1?/save';
const FORM = 'application/x-www-form-urlencoded';

function post(body: BodyInit, type: string | null = FORM, headers: Record<string, string> = {}) {
	const h = new Headers(headers);
	if (type) h.set('content-type', type);
	return new Request(URL_, { method: 'POST', body, headers: h });
}

/** A body sent in chunks with no Content-Length, as a client may. */
function chunked(text: string, type = FORM, chunk = 16 * 1024) {
	const bytes = new TextEncoder().encode(text);
	let at = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(c) {
			if (at >= bytes.length) return c.close();
			c.enqueue(bytes.subarray(at, at + chunk));
			at += chunk;
		}
	});
	return new Request(URL_, {
		method: 'POST',
		body,
		headers: { 'content-type': type },
		duplex: 'half'
	} as RequestInit);
}

async function problem(request: Request, options?: Parameters<typeof parseForm>[1]) {
	try {
		await parseForm(request, options);
	} catch (e) {
		if (e instanceof FormBodyError) return `${e.status} ${e.problem}`;
		throw e;
	}
	return 'read';
}

const manyFields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=x`).join('&');

describe('reading a posted form', () => {
	it('reads an urlencoded form, repeated fields in order, NUL characters dropped', async () => {
		const form = await parseForm(post('name=Ana%00+Mar%C3%ADa&minerals=tin&minerals=gold&a%00b=1'));
		expect(form.get('name')).toBe('Ana María');
		expect(form.getAll('minerals')).toEqual(['tin', 'gold']);
		expect(form.get('ab')).toBe('1');
	});

	it('refuses 100,000 fields by their size before reading them', async () => {
		const body = manyFields(100_000);
		expect(body.length).toBeGreaterThan(FORM_MAX_BYTES);
		const request = post(body, FORM, { 'content-length': String(body.length) });
		expect(await problem(request)).toBe('413 too_large');
	});

	it('refuses a body over the cap that comes without a Content-Length', async () => {
		expect(await problem(chunked(manyFields(100_000)))).toBe('413 too_large');
		expect(await problem(chunked(`a=${'x'.repeat(FORM_MAX_BYTES)}`))).toBe('413 too_large');
	});

	it('refuses more fields than the cap, even within the byte cap', async () => {
		const body = Array.from({ length: FORM_MAX_FIELDS + 1 }, () => 'a').join('&');
		expect(body.length).toBeLessThan(FORM_MAX_BYTES);
		expect(await problem(post(body))).toBe('413 too_many_fields');
		// Empty pieces are not fields.
		expect(await problem(post(`a=1${'&'.repeat(FORM_MAX_FIELDS * 2)}b=2`))).toBe('read');
		expect(await problem(post(manyFields(FORM_MAX_FIELDS)))).toBe('read');
		expect(await problem(post(manyFields(5_000)), { maxFields: 6_000, maxBytes: 1e6 })).toBe(
			'read'
		);
	});

	it('keeps one 100 KB field to the byte cap, with a 413 rather than a failure', async () => {
		expect(await problem(post(`name=${'a'.repeat(100_000)}`))).toBe('413 too_large');
	});

	it('reads multipart within the same caps; uploads are given a larger one', async () => {
		const data = new FormData();
		data.append('file', new File(['ci;nombre\n1;Ana'], 'lista.csv'));
		data.append('note', 'a\0b');
		const multipart = () => new Request(URL_, { method: 'POST', body: data });
		const form = await parseForm(multipart());
		expect(await (form.get('file') as File).text()).toBe('ci;nombre\n1;Ana');
		expect((form.get('file') as File).name).toBe('lista.csv');
		expect(form.get('note')).toBe('ab');

		const big = new FormData();
		big.append('file', new File([new Uint8Array(UPLOAD_MAX_BYTES)], 'big.csv'));
		const request = () => new Request(URL_, { method: 'POST', body: big });
		expect(await problem(request())).toBe('413 too_large');
		expect(await problem(request(), { maxBytes: UPLOAD_MAX_BYTES })).toBe('413 too_large');
		const fits = new FormData();
		fits.append('file', new File([new Uint8Array(UPLOAD_MAX_BYTES - 1000)], 'big.csv'));
		const read = await parseForm(new Request(URL_, { method: 'POST', body: fits }), {
			maxBytes: UPLOAD_MAX_BYTES
		});
		expect((read.get('file') as File).size).toBe(UPLOAD_MAX_BYTES - 1000);

		const parts = new FormData();
		for (let i = 0; i <= FORM_MAX_FIELDS; i++) parts.append(`f${i}`, 'x');
		expect(
			await problem(new Request(URL_, { method: 'POST', body: parts }), {
				maxBytes: UPLOAD_MAX_BYTES
			})
		).toBe('413 too_many_fields');
	});

	it('answers a malformed multipart body with a 400', async () => {
		const type = 'multipart/form-data; boundary=XYZ';
		expect(await problem(post('--XYZ\r\nnot a header\r\n\r\nbroken', type))).toBe('400 malformed');
		expect(await problem(post('x', 'multipart/form-data'))).toBe('400 malformed');
	});

	it('refuses bodies that are not forms; an empty body is an empty form', async () => {
		expect(await problem(post('{"a":1}', 'application/json'))).toBe('415 unsupported');
		expect(await problem(post('a=1', 'text/plain'))).toBe('415 unsupported');
		expect(await problem(post('a=1', null))).toBe('415 unsupported');
		const empty = await parseForm(new Request(URL_, { method: 'POST' }));
		expect([...empty]).toEqual([]);
	});

	it('gives routes the refusal as an HTTP error with a code the error page translates', async () => {
		const body = manyFields(100_000);
		await expect(readForm(post(body))).rejects.toMatchObject({
			status: 413,
			body: { message: 'form_too_large' }
		});
		await expect(readForm(post('a', 'text/plain'))).rejects.toMatchObject({ status: 415 });
	});
});

describe('form values', () => {
	it('keeps the first of repeated fields and collects the named arrays', () => {
		const form = new FormData();
		form.append('name', 'Ana');
		form.append('name', 'Eva');
		form.append('minerals', 'tin');
		form.append('minerals', 'gold');
		form.append('__proto__', 'x');
		const values = formValues(form, ['minerals', 'courses']);
		expect(values).toEqual({ name: 'Ana', minerals: ['tin', 'gold'], courses: [] });
		expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
	});
});

describe('the page to go back to', () => {
	const origin = 'http://localhost:4201';
	it.each([
		['/people?q=ana#top', '/people?q=ana#top'],
		['/', '/'],
		['/\\evil.example', '/'],
		['/\\/evil.example', '/'],
		['//evil.example', '/'],
		['/\t/evil.example', '/'],
		['https://evil.example/', '/'],
		['javascript:alert(1)', '/'],
		['', '/'],
		['/a/../people', '/people']
	])('%j → %j', (target, expected) => {
		expect(sameOriginPath(target, origin)).toBe(expected);
	});
});
