import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import parseRange from 'range-parser';

/**
 * A file as a response, with byte ranges (`Range: bytes=…` → 206), so a phone's media player can
 * seek and resume without downloading the whole file again. One range per request; a request for
 * several gets the whole file (allowed by RFC 9110 §14.2), a range past the end a 416.
 */
export async function serveFile(
	request: Request,
	path: string,
	headers: { 'content-type': string; 'cache-control': string }
): Promise<Response> {
	const { size } = await stat(path);
	const common = { ...headers, 'accept-ranges': 'bytes' };
	const header = request.headers.get('range');
	const ranges = header ? parseRange(size, header, { combine: true }) : -2;
	if (ranges === -1)
		return new Response(null, {
			status: 416,
			headers: { ...common, 'content-range': `bytes */${size}` }
		});
	const body = (start: number, end: number) =>
		request.method === 'HEAD' || size === 0
			? null
			: (Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>);
	if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
		const { start, end } = ranges[0]!;
		return new Response(body(start, end), {
			status: 206,
			headers: {
				...common,
				'content-range': `bytes ${start}-${end}/${size}`,
				'content-length': String(end - start + 1)
			}
		});
	}
	return new Response(body(0, size - 1), {
		headers: { ...common, 'content-length': String(size) }
	});
}
