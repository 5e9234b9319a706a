// PGlite lets one process open its directory, and the server holds it while it runs: a
// `minka backup` started beside a running server asks the server to make the backup instead,
// through a Unix socket in DATA_DIR that only the server's own system user may open (0600).
// One request per connection, one JSON line each way, bounded; one backup at a time.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import type { DbHandle } from '../db/client';
import type { Env } from '../env';
import { log } from '../log';
import { backupNow, type BackupSummary } from './backup-now';

const MAX_REQUEST = 4096;
/** Unix socket paths are limited to about 104 bytes; a longer DATA_DIR gets no socket. */
const MAX_PATH = 100;

export const controlSocketPath = (dataDir: string) => join(resolve(dataDir), 'minka.sock');

type Reply = BackupSummary | { ok: false; error: string; message: string };

/** Listens for the command line's requests; returns a stop function (also removes the socket). */
export function startControlSocket(handle: DbHandle, e: Env): { stop(): void } | undefined {
	const path = controlSocketPath(e.DATA_DIR);
	if (Buffer.byteLength(path) > MAX_PATH) {
		log.warn('no control socket: DATA_DIR path too long', { path });
		return undefined;
	}
	// A socket file left by a server that died (the PGlite lock is ours, so no other is running).
	if (existsSync(path)) unlinkSync(path);
	let busy = false;
	const server: Server = createServer((conn) => {
		let buf = '';
		conn.setEncoding('utf8');
		conn.setTimeout(10_000, () => conn.destroy());
		const answer = (r: Reply) => conn.end(`${JSON.stringify(r)}\n`);
		conn.on('error', () => {});
		conn.on('data', async (chunk: string) => {
			buf += chunk;
			if (buf.length > MAX_REQUEST) return conn.destroy();
			const nl = buf.indexOf('\n');
			if (nl < 0) return;
			conn.pause();
			conn.setTimeout(0);
			let req: { cmd?: unknown; out?: unknown };
			try {
				req = JSON.parse(buf.slice(0, nl));
			} catch {
				return answer({ ok: false, error: 'bad_request', message: 'not JSON' });
			}
			if (req.cmd !== 'backup' || (req.out !== undefined && typeof req.out !== 'string'))
				return answer({ ok: false, error: 'bad_request', message: 'unknown request' });
			const out = typeof req.out === 'string' ? req.out : e.BACKUP_DIR;
			if (!isAbsolute(out))
				return answer({ ok: false, error: 'bad_request', message: 'out must be absolute' });
			if (busy)
				return answer({ ok: false, error: 'busy', message: 'a backup is already being made' });
			busy = true;
			try {
				answer(await backupNow(handle, e, out));
			} catch (err) {
				log.error('backup for the command line failed', { error: String(err) });
				answer({ ok: false, error: 'failed', message: String((err as Error).message ?? err) });
			} finally {
				busy = false;
			}
		});
	});
	server.on('error', (err) => log.warn('control socket error', { error: String(err) }));
	server.listen(path, () => {
		try {
			chmodSync(path, 0o600);
		} catch {
			// Gone already (stopping).
		}
	});
	return {
		stop() {
			server.close();
			try {
				unlinkSync(path);
			} catch {
				// Already gone.
			}
		}
	};
}

/** Asks the server holding DATA_DIR for a backup; null when no server listens there. */
export function askServerForBackup(dataDir: string, out: string): Promise<Reply | null> {
	const path = controlSocketPath(dataDir);
	if (!existsSync(path)) return Promise.resolve(null);
	return new Promise((done) => {
		const conn = createConnection(path);
		let buf = '';
		conn.setEncoding('utf8');
		conn.on('connect', () => conn.write(`${JSON.stringify({ cmd: 'backup', out })}\n`));
		conn.on('data', (c: string) => {
			buf += c;
			if (buf.length > 1 << 20) conn.destroy();
		});
		conn.on('error', () => done(null));
		conn.on('close', () => {
			try {
				done(JSON.parse(buf.trim()) as Reply);
			} catch {
				done(null);
			}
		});
	});
}
