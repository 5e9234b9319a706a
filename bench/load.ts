// Load: requests per second for a signed-in learner's page, against a server on this machine.
// Usage: npx tsx bench/load.ts [--base http://localhost:3000] [--path /courses/think-coop]
//        [--user socia --password minka-demo] [--connections 50] [--seconds 10] [--max 100000]
// Budget (DESIGN.md): ≥ 500 requests/s for a signed-in lesson page on one core with PostgreSQL.
// Only loopback targets are allowed; the loop stops after --seconds or --max requests.
import http from 'node:http';

export const BUDGET_RPS = 500;

function opt(args: string[], name: string, fallback: string) {
	const i = args.indexOf(`--${name}`);
	return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

async function signIn(base: string, user: string, password: string): Promise<string> {
	const res = await fetch(`${base}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ identifier: user, password })
	});
	const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
	if (!cookies.some((c) => c?.includes('session_token')))
		throw new Error(`sign-in as ${user} failed`);
	return cookies.join('; ');
}

export async function load(opts: {
	base: string;
	path: string;
	cookie?: string;
	connections: number;
	seconds: number;
	max: number;
}) {
	const url = new URL(opts.path, opts.base);
	if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
		throw new Error('load tests only target this machine');
	const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
	const latencies: number[] = [];
	let errors = 0;
	let sent = 0;
	const deadline = Date.now() + opts.seconds * 1000;
	const one = () =>
		new Promise<void>((resolve) => {
			const t0 = performance.now();
			const req = http.get(
				url,
				{ agent, headers: { cookie: opts.cookie ?? '', 'accept-encoding': 'gzip' } },
				(res) => {
					res.resume();
					res.on('end', () => {
						if (res.statusCode === 200) latencies.push(performance.now() - t0);
						else errors++;
						resolve();
					});
				}
			);
			req.on('error', () => {
				errors++;
				resolve();
			});
		});
	const worker = async () => {
		while (Date.now() < deadline && sent < opts.max) {
			sent++;
			await one();
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: opts.connections }, worker));
	const elapsed = (performance.now() - started) / 1000;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	const pct = (p: number) =>
		latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
	return {
		requests: latencies.length,
		errors,
		rps: latencies.length / elapsed,
		p50: pct(0.5),
		p95: pct(0.95),
		p99: pct(0.99)
	};
}

if (process.argv[1]?.endsWith('load.ts')) {
	const args = process.argv.slice(2);
	const base = opt(args, 'base', 'http://localhost:3000');
	const path = opt(args, 'path', '/courses/think-coop/orientation/good-relationships');
	const user = opt(args, 'user', 'socia');
	const cookie =
		user === '-' ? undefined : await signIn(base, user, opt(args, 'password', 'minka-demo'));
	const r = await load({
		base,
		path,
		cookie,
		connections: Number(opt(args, 'connections', '50')),
		seconds: Number(opt(args, 'seconds', '10')),
		max: Number(opt(args, 'max', '100000'))
	});
	const ok = r.rps >= BUDGET_RPS && r.errors === 0;
	console.log(
		`${ok ? 'ok  ' : 'LOW '} ${path}: ${r.rps.toFixed(0)} req/s (budget ${BUDGET_RPS}), ${r.requests} ok, ${r.errors} errors, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`
	);
	process.exit(ok ? 0 : 1);
}
