import { env } from './env';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured logs: one JSON object per line on stdout, easy to ship and grep. */
function write(level: Level, msg: string, fields?: Record<string, unknown>) {
	let min: Level = 'info';
	try {
		min = env().LOG_LEVEL;
	} catch {
		// configuration not valid yet: log at the default level
	}
	if (order[level] < order[min]) return;
	const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
	if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
	else process.stdout.write(line + '\n');
}

export const log = {
	debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
	info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
	warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
	error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields)
};
