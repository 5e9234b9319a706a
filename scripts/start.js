// Serves the built app: compression for pages, clean configuration errors, graceful shutdown.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createGzip, constants as zlib } from 'node:zlib';
import { serverHeaders } from './server-headers.js';

if (existsSync('.env')) process.loadEnvFile('.env');
process.env.PORT ||= '3000';
// Without ORIGIN adapter-node assumes https, and the CSRF check rejects forms on plain http.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
// Routes read bodies through src/lib/server/http/read-form.ts, which refuses what is too large
// by its Content-Length before reading it, with the page's own message (a 30 MB member list is
// "larger than 5 MB", not "damaged"). A body without one is read to its cap, then the rest is
// dropped up to 8 MB so the browser still gets the answer; this is where adapter-node stops.
process.env.BODY_SIZE_LIMIT ||= '8M';

let handler;
try {
	({ handler } = await import('../build/handler.js'));
} catch (e) {
	// A configuration error names the variable; anything else keeps its stack.
	console.error(
		e?.name === 'ConfigError' || /Invalid configuration/.test(e?.message) ? e.message : e
	);
	process.exit(1);
}

// Never text/event-stream: gzip would hold live messages back until a block fills.
const compressible = /^(text\/(?!event-stream)|application\/(json|javascript|xml))/;

/** gzip for dynamic responses (pages, JSON); static assets are served pre-compressed. */
function withGzip(req, res) {
	if (!/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return handler(req, res);
	const writeHead = res.writeHead;
	res.writeHead = function (status, ...rest) {
		const headers = typeof rest[0] === 'object' ? rest[0] : rest[1];
		if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
		const type = String(res.getHeader('content-type') ?? '');
		if (
			!res.getHeader('content-encoding') &&
			compressible.test(type) &&
			status !== 204 &&
			status !== 304
		) {
			res.setHeader('content-encoding', 'gzip');
			res.removeHeader('content-length');
			res.setHeader('vary', 'accept-encoding');
			const gz = createGzip({ level: 6, flush: zlib.Z_SYNC_FLUSH });
			const write = res.write.bind(res);
			const end = res.end.bind(res);
			gz.on('data', (chunk) => write(chunk));
			// Callers that saw write() return false wait for 'drain' on the response: pass it on.
			gz.on('drain', () => res.emit('drain'));
			gz.on('end', () => end());
			res.write = (chunk, enc, cb) => gz.write(chunk, enc, cb);
			res.end = (chunk, enc, cb) => {
				if (typeof chunk === 'function') [cb, chunk] = [chunk, undefined];
				if (chunk) gz.end(chunk, enc, cb);
				else gz.end(cb);
				return res;
			};
		}
		return writeHead.call(this, status);
	};
	return handler(req, res);
}

const everyResponse = Object.entries(serverHeaders(process.env.ORIGIN));

const server = http.createServer((req, res) => {
	for (const [name, value] of everyResponse) res.setHeader(name, value);
	return withGzip(req, res);
});
server.keepAliveTimeout = 5000;
const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT);
server.listen(port, host, () => {
	const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	console.log(`Minka is running at ${process.env.ORIGIN} (listening on ${shown}:${port})`);
});

let stopping = false;
function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal} received: closing`);
	server.close();
	server.closeIdleConnections?.();
	// The app closes its database on this event (hooks.server.ts).
	process.emit('sveltekit:shutdown', signal);
	setTimeout(() => process.exit(0), 500).unref();
	setTimeout(() => {
		server.closeAllConnections?.();
		process.exit(0);
	}, 4000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
