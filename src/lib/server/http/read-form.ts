import { error } from '@sveltejs/kit';

/**
 * The one way a route reads a posted form. `request.formData()` reads any body it is given and
 * parses it key by key; a 1 MB post with 100,000 fields kept the process busy for a minute. Here
 * the body is read with a byte cap (also when it comes without a Content-Length), the fields are
 * counted before they are parsed, and urlencoded forms are parsed in one pass.
 */

/** Ordinary forms: the largest real one (an import's cooperative questions) is a few KB. */
export const FORM_MAX_BYTES = 64 * 1024;
export const FORM_MAX_FIELDS = 2_000;
/** A member list of up to 5 MB (`MAX_FILE_BYTES`) plus the multipart envelope. */
export const UPLOAD_MAX_BYTES = 6 * 1024 * 1024;
/**
 * Past the cap the rest of a body is still read and dropped (see `drain`); beyond this much the
 * connection is cut. adapter-node's BODY_SIZE_LIMIT (scripts/start.js) ends it at the same size.
 */
export const DRAIN_MAX_BYTES = 8 * 1024 * 1024;

export type FormProblem = 'too_large' | 'too_many_fields' | 'malformed' | 'unsupported';

const statusOf: Record<FormProblem, 400 | 413 | 415> = {
	too_large: 413,
	too_many_fields: 413,
	malformed: 400,
	unsupported: 415
};

export class FormBodyError extends Error {
	constructor(readonly problem: FormProblem) {
		super(problem);
		this.name = 'FormBodyError';
	}

	get status(): 400 | 413 | 415 {
		return statusOf[this.problem];
	}
}

export interface ReadFormOptions {
	/** Bytes of body accepted; FORM_MAX_BYTES unless given. */
	maxBytes?: number;
	/** Fields accepted; FORM_MAX_FIELDS unless given. */
	maxFields?: number;
}

/**
 * Reads a posted form, or throws a `FormBodyError`: too large or too many fields (413), a body
 * that does not parse (400), a type other than a form (415). NUL characters are dropped from
 * names and values: nobody types them, and the database refuses them in text.
 */
export async function parseForm(
	request: Request,
	options: ReadFormOptions = {}
): Promise<FormData> {
	const maxBytes = options.maxBytes ?? FORM_MAX_BYTES;
	const maxFields = options.maxFields ?? FORM_MAX_FIELDS;
	const contentType = request.headers.get('content-type') ?? '';
	const type = contentType.split(';', 1)[0]!.trim().toLowerCase();

	// Multipart is accepted on every form, within the same caps: it is what a file input sends,
	// and what SvelteKit's `enhance` would send for any form.
	if (type === 'multipart/form-data') {
		const bytes = await readBody(request, maxBytes);
		return parseMultipart(bytes, contentType, maxFields);
	}
	if (type === 'application/x-www-form-urlencoded' || type === '') {
		const bytes = await readBody(request, maxBytes);
		if (type === '' && bytes.length > 0) throw new FormBodyError('unsupported');
		return parseUrlencoded(bytes, maxFields);
	}
	discardBody(request);
	throw new FormBodyError('unsupported');
}

/** `parseForm` for routes: a refused body is the translated error page (413, 400 or 415). */
export async function readForm(request: Request, options?: ReadFormOptions): Promise<FormData> {
	try {
		return await parseForm(request, options);
	} catch (e) {
		if (e instanceof FormBodyError) error(e.status, `form_${e.problem}`);
		throw e;
	}
}

/** The body's bytes, at most `max`; a Content-Length over it is refused before reading. */
async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	if (Number(request.headers.get('content-length') ?? 0) > max) {
		drain(reader);
		throw new FormBodyError('too_large');
	}
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch (e) {
			// adapter-node fails the stream with a 413 past BODY_SIZE_LIMIT; otherwise the client
			// went away or sent a broken chunked body.
			throw new FormBodyError(
				(e as { status?: number })?.status === 413 ? 'too_large' : 'malformed'
			);
		}
		if (chunk.done) break;
		size += chunk.value.byteLength;
		if (size > max) {
			drain(reader);
			throw new FormBodyError('too_large');
		}
		chunks.push(chunk.value);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.byteLength;
	}
	return out;
}

/**
 * Reads what is left of a refused body and drops it, in the background: the refusal is answered
 * at once, and a browser still sending gets it (a connection closed on unread data is reset).
 */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>): void {
	void (async () => {
		let size = 0;
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				size += value.byteLength;
				if (size > DRAIN_MAX_BYTES) return void (await reader.cancel());
			}
		} catch {
			// The client went away, or adapter-node's BODY_SIZE_LIMIT ended the stream.
		}
	})();
}

/** For answers given without reading the body: read it in the background and drop it. */
export function discardBody(request: Request): void {
	if (!request.body || request.bodyUsed || request.body.locked) return;
	drain(request.body.getReader());
}

const noNul = (s: string) => (s.includes('\0') ? s.replaceAll('\0', '') : s);

function parseUrlencoded(bytes: Uint8Array, maxFields: number): FormData {
	const text = new TextDecoder().decode(bytes);
	// Count the fields before parsing any: a piece between '&'s, empty ones skipped as the parser does.
	let fields = 0;
	let empty = true;
	for (let i = 0; i < text.length; i++) {
		if (text.charCodeAt(i) === 38 /* & */) {
			if (!empty) fields++;
			empty = true;
		} else empty = false;
	}
	if (!empty) fields++;
	if (fields > maxFields) throw new FormBodyError('too_many_fields');
	const form = new FormData();
	for (const [name, value] of new URLSearchParams(text)) form.append(noNul(name), noNul(value));
	return form;
}

async function parseMultipart(
	bytes: Uint8Array<ArrayBuffer>,
	contentType: string,
	maxFields: number
): Promise<FormData> {
	const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!boundary) throw new FormBodyError('malformed');
	// Every part starts with the boundary: count them before parsing.
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let parts = -1; // the last delimiter closes the body
	for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + 1)) {
		if (++parts > maxFields) throw new FormBodyError('too_many_fields');
	}
	let parsed: FormData;
	try {
		parsed = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
	} catch {
		throw new FormBodyError('malformed');
	}
	const form = new FormData();
	for (const [name, value] of parsed) {
		if (typeof value === 'string') form.append(noNul(name), noNul(value));
		else form.append(noNul(name), value, value.name);
	}
	return form;
}
