// The platform's signing key for Open Badges credentials (docs/architecture.md, "Certificates").
//
// Kept as files under DATA_DIR/keys (directory 0700, files 0600), one per key, made on first
// use; or given in .env (ISSUER_PUBLIC_KEY_MULTIBASE + ISSUER_SECRET_KEY_MULTIBASE). The newest
// key signs; older ones stay published, so credentials signed before a rotation still verify.
import {
	chmodSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export interface IssuerKeyFile {
	publicKeyMultibase: string;
	secretKeyMultibase: string;
	createdAt: string;
}

export interface PublicKeyInfo {
	publicKeyMultibase: string;
	createdAt: string;
}

export interface KeyConfig {
	dataDir: string;
	/** Both or neither. */
	envKey?: { publicKeyMultibase: string; secretKeyMultibase: string };
}

const MULTIBASE = /^z[1-9A-HJ-NP-Za-km-z]{20,200}$/;

function keysDir(dataDir: string): string {
	return join(dataDir, 'keys');
}

/** Every key file in DATA_DIR/keys, oldest first. Unreadable or foreign files are skipped. */
export function readKeyFiles(dataDir: string): IssuerKeyFile[] {
	const dir = keysDir(dataDir);
	if (!existsSync(dir)) return [];
	const out: IssuerKeyFile[] = [];
	for (const name of readdirSync(dir).sort()) {
		if (!/^issuer-[\w-]+\.json$/.test(name)) continue;
		try {
			const k = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<IssuerKeyFile>;
			if (
				typeof k.publicKeyMultibase === 'string' &&
				MULTIBASE.test(k.publicKeyMultibase) &&
				typeof k.secretKeyMultibase === 'string' &&
				typeof k.createdAt === 'string'
			)
				out.push(k as IssuerKeyFile);
		} catch {
			// Not ours, or half-written: never sign with it.
		}
	}
	return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Makes a new key and stores it as the newest (what a rotation does). */
export async function generateKeyFile(dataDir: string, now = new Date()): Promise<IssuerKeyFile> {
	const dir = keysDir(dataDir);
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	chmodSync(dir, 0o700);
	const pair = await Ed25519Multikey.generate();
	const file: IssuerKeyFile = {
		publicKeyMultibase: pair.publicKeyMultibase,
		secretKeyMultibase: pair.secretKeyMultibase!,
		createdAt: now.toISOString()
	};
	const name = `issuer-${now.toISOString().replace(/[:.]/g, '-')}-${pair.publicKeyMultibase.slice(-6)}.json`;
	writeFileSync(join(dir, name), JSON.stringify(file, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
	return file;
}

let generating: Promise<IssuerKeyFile> | undefined;

/** The key that signs now: the one in .env, else the newest file, else a new one. */
export async function signingKey(config: KeyConfig): Promise<IssuerKeyFile> {
	if (config.envKey) return { ...config.envKey, createdAt: new Date(0).toISOString() };
	const files = readKeyFiles(config.dataDir);
	if (files.length) return files[files.length - 1]!;
	// Two requests at first start must not make two keys.
	generating ??= generateKeyFile(config.dataDir).finally(() => {
		generating = undefined;
	});
	return generating;
}

/** Every public key that has signed or may sign: published, so old credentials still verify. */
export function publishedKeys(config: KeyConfig): PublicKeyInfo[] {
	const keys: PublicKeyInfo[] = readKeyFiles(config.dataDir).map((k) => ({
		publicKeyMultibase: k.publicKeyMultibase,
		createdAt: k.createdAt
	}));
	if (
		config.envKey &&
		!keys.some((k) => k.publicKeyMultibase === config.envKey!.publicKeyMultibase)
	)
		keys.push({
			publicKeyMultibase: config.envKey.publicKeyMultibase,
			createdAt: new Date(0).toISOString()
		});
	return keys;
}

/** Whether a string could be a public key id (guards the key route). */
export const isKeyId = (s: string) => MULTIBASE.test(s);
