import { env } from './env';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Longest text kept in one log field: enough for a message and a stack, not for a payload. */
export const MAX_LOG_FIELD = 4000;

/**
 * A text as it may be logged. Member data never reaches the logs: a failed query's message
 * ("Failed query: <sql>\nparams: <values>", from Drizzle) loses its values, which are people's
 * names, CI numbers and whole imported lists, and any text is cut to `MAX_LOG_FIELD`.
 */
export function redact(text: string): string {
	let out = text;
	const params = out.indexOf('\nparams: ');
	if (params !== -1) {
		// The values end where the stack's frames begin, if the text carries a stack.
		const frames = out.indexOf('\n    at ', params);
		out = `${out.slice(0, params)}\nparams: [redacted]${frames === -1 ? '' : out.slice(frames)}`;
	}
	if (out.length > MAX_LOG_FIELD)
		out = `${out.slice(0, MAX_LOG_FIELD)}… [${out.length - MAX_LOG_FIELD} more characters cut]`;
	return out;
}

function safe(key: string, value: unknown): unknown {
	if (key === 'params') return '[redacted]';
	if (typeof value === 'string') return redact(value);
	if (value instanceof Error) {
		const code = (value as { code?: unknown }).code;
		return { name: value.name, message: value.message, code, stack: value.stack };
	}
	return value;
}

/** Structured logs: one JSON object per line on stdout, easy to ship and grep. */
function write(level: Level, msg: string, fields?: Record<string, unknown>) {
	let min: Level = 'info';
	try {
		min = env().LOG_LEVEL;
	} catch {
		// configuration not valid yet: log at the default level
	}
	if (order[level] < order[min]) return;
	const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }, safe);
	if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
	else process.stdout.write(line + '\n');
}

export const log = {
	debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
	info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
	warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
	error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields)
};
