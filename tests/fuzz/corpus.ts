import { randomUUID } from 'node:crypto';
import type { Field, Form } from './html';

/** A value sent as is: `raw` goes into an url-encoded body without encoding (bad UTF-8). */
export type Value = string | { raw: string } | { file: Buffer; filename: string };
export type Pairs = Array<[string, Value]>;

export interface Case {
	name: string;
	contentType?: string;
	body?: string | Buffer;
	origin?: string;
	/** Statuses that are right for this case; any 4xx when not given. */
	expect?: number[];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const KB100 = 'ñ'.repeat(50 * 1024); // 100 KB of UTF-8: past the form reader's cap
/** Longer than any text field allows, yet well inside the form reader's byte cap. */
const LONG = 'x'.repeat(20_000);
const NUL = 'Ana\u0000María';
const CONTROL = 'Ana\u0001\u0007\u001b[31m\u007f\u0085María';
const GARBAGE_ID = '../\u0000x';

export function urlencoded(pairs: Pairs): string {
	return pairs
		.map(([k, v]) => {
			const key = encodeURIComponent(k);
			if (typeof v === 'string') return `${key}=${encodeURIComponent(v)}`;
			if ('raw' in v) return `${key}=${v.raw}`;
			return `${key}=${encodeURIComponent(v.filename)}`;
		})
		.join('&');
}

export function multipart(pairs: Pairs, boundary = `----fuzz${randomUUID()}`) {
	const parts: Buffer[] = [];
	for (const [k, v] of pairs) {
		if (typeof v === 'object' && 'file' in v) {
			parts.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${v.filename}"\r\n` +
						`Content-Type: application/octet-stream\r\n\r\n`
				),
				v.file,
				Buffer.from('\r\n')
			);
		} else {
			// A raw value stands for bytes that are not UTF-8.
			const bytes = typeof v === 'string' ? Buffer.from(v) : Buffer.from([0x41, 0xff, 0xfe, 0x41]);
			parts.push(
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`),
				bytes,
				Buffer.from('\r\n')
			);
		}
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What a browser would send for the form as rendered and submitted with Enter. */
export function basePairs(form: Form | undefined): Pairs {
	if (!form) return [];
	const out: Pairs = [];
	let pressed = false;
	for (const f of form.fields) {
		if (f.type === 'button') {
			// One button at most: the first submit button, when it has a name.
			if (!pressed && f.name === form.pressed) out.push([f.name, f.value]);
			pressed ||= f.name === form.pressed;
		} else if (f.type === 'file') {
			out.push([f.name, { file: Buffer.alloc(0), filename: '' }]);
		} else if (f.sent) out.push([f.name, f.value]);
		else if (f.type === 'radio' && f.options[0] !== undefined) out.push([f.name, f.options[0]]);
	}
	return out;
}

const isText = (f: Field) => ['text', 'textarea', 'email', 'tel', 'search'].includes(f.type);

function isIdField(f: Field): boolean {
	return UUID.test(f.value) || f.options.some((o) => UUID.test(o));
}

/**
 * Retry keys: the id a form carries so that a double tap or a retried post does its work once
 * (`clientId`, rendered into the form when the page was built; the test's start form makes it
 * the attempt's id). The server cannot tell a fresh key from a retry of one it has never seen,
 * so ANY new well-formed UUID is valid by design — and an id of another record is as good as a
 * fresh one. Such a field only gets faults no UUID has: malformed and oversized.
 */
const RETRY_KEYS = new Set(['clientId']);
export const isRetryKey = (f: Pick<Field, 'name'>) => RETRY_KEYS.has(f.name);

function encode(pairs: Pairs, multipartForm: boolean): Pick<Case, 'body' | 'contentType'> {
	if (multipartForm) return multipart(pairs);
	return { body: urlencoded(pairs), contentType: 'application/x-www-form-urlencoded' };
}

/** The pairs with one field's values replaced (or the field added when the form lacks it). */
function withField(pairs: Pairs, name: string, value: Value): Pairs {
	const out = pairs.filter(([k]) => k !== name);
	const at = pairs.findIndex(([k]) => k === name);
	out.splice(at < 0 ? out.length : at, 0, [name, value]);
	return out;
}

export interface Ids {
	/** Ids of records this role cannot read (other scopes); none for global roles. */
	foreign: string[];
	/** Every id the crawl saw, and the kind (the route of its page) of each. */
	known: string[];
	kindOf(id: string): string | undefined;
}

/** Values no field of this kind may accept. */
function faults(f: Field, ids: Ids): Array<[string, Value]> {
	const out: Array<[string, Value]> = [['100 KB', KB100]];
	if (f.type === 'file') {
		return [
			['empty file', { file: Buffer.alloc(0), filename: 'lista.xlsx' }],
			[
				'garbage file',
				{ file: Buffer.from('\u0000\u0001not a spreadsheet\u00ff'), filename: 'lista.xlsx' }
			],
			['6 MB file', { file: Buffer.alloc(6 * 1024 * 1024, 0x41), filename: 'lista.csv' }]
		];
	}
	if (isRetryKey(f)) {
		out.push(['garbage id', GARBAGE_ID], ['UUID and more', `${randomUUID()}x`]);
		return out;
	}
	if (isIdField(f)) {
		out.push(['random id', randomUUID()], ['garbage id', GARBAGE_ID]);
		const kind = [f.value, ...f.options].map((v) => ids.kindOf(v)).find(Boolean);
		const unused = (id: string) => id !== f.value && !f.options.includes(id);
		const other = ids.known.find((id) => unused(id) && ids.kindOf(id) !== kind);
		if (other) out.push(['id of another kind', other]);
		const foreign = ids.foreign.find((id) => unused(id) && (!kind || ids.kindOf(id) === kind));
		if (foreign) out.push(['id of another scope', foreign]);
		return out;
	}
	switch (f.type) {
		case 'number':
		case 'range':
			out.push(
				['1e308', '1e308'],
				['-1', '-1'],
				['20 digits', '99999999999999999999'],
				['not a number', 'abc'],
				['Infinity', 'Infinity']
			);
			break;
		case 'date':
			out.push(
				['31 Feb (ISO)', '2024-02-31'],
				['31/02/2024', '31/02/2024'],
				['year 0', '0000-00-00']
			);
			break;
		case 'select':
		case 'checkbox':
		case 'radio':
		case 'button':
			out.push(['not an option', 'zz-not-an-option']);
			break;
		default:
			out.push(['20,000 chars', LONG]);
	}
	return out;
}

/** One value that makes the whole submission invalid, so that other faults can ride along it. */
function anchor(fields: Field[]): [string, Value] | undefined {
	const text = fields.find(isText);
	if (text) return [text.name, LONG];
	const id = fields.find((f) => isIdField(f) && !isRetryKey(f));
	if (id) return [id.name, randomUUID()];
	const num = fields.find((f) => f.type === 'number');
	if (num) return [num.name, '-1'];
	const date = fields.find((f) => f.type === 'date');
	if (date) return [date.name, '2024-02-31'];
	const sel = fields.find((f) => ['select', 'radio'].includes(f.type));
	if (sel) return [sel.name, 'zz-not-an-option'];
	// A form of hidden fields and a retry key (start a test): only a malformed key is wrong.
	const key = fields.find(isRetryKey);
	if (key) return [key.name, GARBAGE_ID];
	return undefined;
}

/** Requests refused before any action runs: SvelteKit's content-type and origin checks. */
export function transportCases(origin: string, pairs: Pairs): Case[] {
	return [
		{
			name: 'JSON body',
			contentType: 'application/json',
			body: JSON.stringify(
				Object.fromEntries(pairs.map(([k, v]) => [k, typeof v === 'string' ? v : '']))
			),
			expect: [415]
		},
		// A Buffer body: fetch would label a string text/plain.
		{ name: 'no content type', body: Buffer.from(urlencoded(pairs)), expect: [415] },
		{
			name: 'cross-site post',
			contentType: 'application/x-www-form-urlencoded',
			body: urlencoded(pairs),
			origin: 'https://evil.example',
			expect: [403]
		}
	];
}

/**
 * Bodies that are broken as bodies. Whoever reads them must answer 400 (or 413, or 415 where a
 * file is not expected) rather than fail; `strict` when the role may use the form, since
 * otherwise a refusal of the role may come first.
 */
export function brokenBodies(strict = false): Case[] {
	const expect = strict ? [400, 413, 415] : undefined;
	const b = `----fuzz${randomUUID()}`;
	return [
		{
			name: 'multipart, wrong boundary',
			contentType: 'multipart/form-data; boundary=nope',
			body: `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--${b}--\r\n`,
			expect
		},
		{
			name: 'multipart, truncated',
			contentType: `multipart/form-data; boundary=${b}`,
			body: `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nxxxx`,
			expect
		},
		{
			name: 'multipart, no boundary',
			contentType: 'multipart/form-data',
			body: 'a=1',
			expect
		},
		{
			name: 'text/plain body',
			contentType: 'text/plain',
			body: 'a=1\r\nb=2',
			expect: strict ? [400, 415] : undefined
		}
	];
}

/**
 * The full corpus for a form its role can see and submit: one fault per field, then the whole
 * body mangled (fields missing, extra, repeated, 5,000 of them) with an invalid anchor value.
 */
export function fieldCases(form: Form | undefined, ids: Ids): Case[] {
	const fields = (form?.fields ?? []).filter((f) => f.type !== 'button' || f.options.length);
	const multi = !!form?.multipart;
	const base = basePairs(form);
	const out: Case[] = [];
	for (const f of form?.fields ?? [])
		for (const [label, v] of faults(f, ids))
			out.push({ name: `${f.name}: ${label}`, ...encode(withField(base, f.name, v), multi) });
	// Only a form with a required field must refuse an empty submission.
	if (fields.some((f) => f.required)) {
		out.push({ name: 'empty body', ...encode([], multi) });
		out.push({
			name: 'all fields empty',
			...encode(
				base.map(([k, v]) => [k, typeof v === 'object' && 'file' in v ? v : '']),
				multi
			)
		});
	}
	const a = anchor(fields);
	if (a) {
		const anchored = withField(base, a[0], a[1]);
		for (const f of fields)
			if (f.name !== a[0])
				out.push({
					name: `${f.name} missing (+${a[0]} invalid)`,
					...encode(
						anchored.filter(([k]) => k !== f.name),
						multi
					)
				});
		// Characters nobody types (the form reader drops NUL; the rest is plain text): they
		// must not break anything on the way to the refusal.
		const texts = fields.filter((f) => isText(f) && f.name !== a[0]);
		for (const [label, v] of [
			['NUL', NUL],
			['control characters', CONTROL],
			['invalid UTF-8', { raw: 'Ana%FF%FEMar%C3' }]
		] as Array<[string, Value]>)
			out.push({
				name: `${label} in every text field (+${a[0]} invalid)`,
				...encode(
					texts.reduce((p, f) => withField(p, f.name, v), anchored),
					multi
				)
			});
		// Unknown fields are ignored by design (a form reader takes the names it knows), so
		// they ride an invalid anchor: a valid body with extras is a valid request.
		out.push({
			name: 'extra fields',
			...encode(
				[...anchored, ['__proto__', 'x'], ['constructor', 'y'], ['id', randomUUID()], ['zz', 'z']],
				multi
			)
		});
		out.push({
			name: 'every field twice',
			...encode([...anchored, ...anchored.map(([k]) => [k, 'otro'] as [string, Value])], multi)
		});
		const many: Pairs = [...anchored];
		for (let i = 0; i < 5000; i++) many.push([`f${i}`, 'x']);
		out.push({ name: '5,000 fields', ...encode(many, multi) });
		if (!multi) {
			out.push({
				name: 'invalid UTF-8 in a name',
				contentType: 'application/x-www-form-urlencoded',
				body: `${urlencoded(anchored)}&na%FFme=x`
			});
			out.push({ name: 'urlencoded as multipart', ...multipart(anchored) });
		} else {
			out.push({
				name: 'multipart as urlencoded',
				contentType: 'application/x-www-form-urlencoded',
				body: urlencoded(anchored)
			});
		}
	}
	return out;
}

/** A short corpus for a target the role should not reach at all: even a valid body is refused. */
export function refusedCases(form: Form | undefined): Case[] {
	const base = basePairs(form);
	const multi = !!form?.multipart;
	const first = form?.fields.find((f) => f.type !== 'button' && f.type !== 'file');
	const out: Case[] = [
		{ name: 'valid body', ...encode(base, multi) },
		{ name: 'empty body', ...encode([], multi) }
	];
	if (first) {
		out.push({
			name: `${first.name}: 100 KB`,
			...encode(withField(base, first.name, KB100), multi)
		});
		out.push({ name: `${first.name}: NUL`, ...encode(withField(base, first.name, NUL), multi) });
	}
	out.push({
		name: 'extra fields',
		...encode([...base, ['id', randomUUID()], ['zz', 'z']], multi)
	});
	return out;
}

/** Garbage for route parameters, in URL-encoded form. */
export const PARAM_GARBAGE: Array<[string, string]> = [
	['random id', randomUUID()],
	['NUL', '%00'],
	['dot-dot', '..'],
	['1,000 chars', 'a'.repeat(1000)],
	['invalid UTF-8', '%FF%FE'],
	['huge number', '99999999999999999999']
];

/** Query strings no list should choke on. */
export const QUERY_GARBAGE: Array<[string, string]> = [
	['NUL in q', 'q=%00'],
	['control chars in q', 'q=a%01%1B%7F'],
	['invalid UTF-8 in q', 'q=%FF%FE'],
	['8 KB q', `q=${'a'.repeat(8000)}`],
	['huge page', 'page=99999999999999999999'],
	['negative page', 'page=-1'],
	['page 1e308', 'page=1e308'],
	['bad sort', 'sort=%00&dir=sideways'],
	['repeated params', 'q=a&q=b&page=1&page=2'],
	['31/02 date', 'from=31/02/2024&to=2024-02-31']
];
