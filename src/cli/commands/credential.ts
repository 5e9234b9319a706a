import { open, stat } from 'node:fs/promises';
import { checkCredential } from '../../lib/server/certificates/check-credential';
import { certificateConfig } from '../../lib/server/certificates/config';
import { generateKeyFile, publishedKeys } from '../../lib/server/certificates/issuer-key';
import { parseArgs } from '../args';
import { openConfiguredDb } from '../open';
import type { Command } from '../registry';

/** A credential is a few KB; anything far larger is not one. */
const MAX_BYTES = 512 * 1024;

async function readBounded(path: string): Promise<string> {
	const info = await stat(path);
	if (!info.isFile()) throw new Error(`${path} is not a file.`);
	if (info.size > MAX_BYTES) throw new Error(`${path} is larger than ${MAX_BYTES} bytes.`);
	const handle = await open(path);
	try {
		const buf = Buffer.alloc(MAX_BYTES + 1);
		const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
		return buf.subarray(0, bytesRead).toString('utf8');
	} finally {
		await handle.close();
	}
}

/**
 * `credential:verify FILE [--json]`: checks an Open Badges credential's signature, expiry and
 * revocation. Exit 0 when valid, 1 when not (or unknown here), 2 when the file cannot be read.
 */
export const credentialVerifyCommand: Command = {
	summary: 'check an Open Badges credential file: signature, expiry, revocation [--json]',
	async run(args) {
		const { options, positionals } = parseArgs(args);
		const file = positionals[0];
		if (!file) {
			process.stderr.write('Usage: npm run -s minka -- credential:verify FILE [--json]\n');
			return 2;
		}
		let value: unknown;
		try {
			value = JSON.parse(await readBounded(file));
		} catch (e) {
			const err = e as NodeJS.ErrnoException;
			const why = err.code === 'ENOENT' ? `${file} does not exist.` : err.message;
			if (options.json)
				process.stdout.write(JSON.stringify({ status: 'unreadable', error: why }) + '\n');
			else process.stderr.write(`Cannot read the credential: ${why}\n`);
			return 2;
		}
		const handle = await openConfiguredDb();
		try {
			const r = await checkCredential({ db: handle.db, config: certificateConfig() }, value);
			if (options.json) process.stdout.write(JSON.stringify(r) + '\n');
			else {
				const lines = [
					`Signature: ${r.signature.verified ? 'valid' : `INVALID (${r.signature.error ?? ''})`}`,
					`Expired: ${r.expired ? 'yes' : 'no'}`,
					`Issued here: ${r.known ? `yes (code ${r.code})` : 'no'}`,
					`Revoked: ${r.revoked ? `yes, on ${r.revokedAt}` : 'no'}`,
					`Result: ${r.status}`
				];
				process.stdout.write(lines.join('\n') + '\n');
			}
			return r.status === 'valid' ? 0 : 1;
		} finally {
			await handle.close();
		}
	}
};

/**
 * `credential:rotate-key`: a new signing key in DATA_DIR/keys. Credentials signed with older
 * keys keep verifying: every key stays published.
 */
export const credentialRotateCommand: Command = {
	summary: 'make a new Open Badges signing key (older ones stay published)',
	async run() {
		if (await import('node:fs').then((fs) => fs.existsSync('.env'))) process.loadEnvFile('.env');
		const config = certificateConfig();
		if (config.keys.envKey) {
			process.stderr.write(
				'The signing key is given in .env (ISSUER_*_KEY_MULTIBASE): change it there.\n'
			);
			return 1;
		}
		const key = await generateKeyFile(config.keys.dataDir);
		process.stdout.write(
			`New signing key ${key.publicKeyMultibase}; ${publishedKeys(config.keys).length} keys published.\n`
		);
	}
};
