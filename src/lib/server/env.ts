import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

// The only reader of process.env. A wrong value stops start-up with a message naming the variable.
const schema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.optional(),
	AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
	DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
	// Certificates: the issuing bodies printed on them (one per line or separated by "|"), the
	// name of the Open Badges issuer, and optionally the signing key (else made in DATA_DIR/keys).
	CERT_ISSUERS: z.string().max(2000).optional(),
	CERT_ISSUER_NAME: z.string().max(200).default('Minka'),
	ISSUER_PUBLIC_KEY_MULTIBASE: z
		.string()
		.regex(/^z[1-9A-HJ-NP-Za-km-z]{20,200}$/, 'must be a multibase (base58btc) key')
		.optional(),
	ISSUER_SECRET_KEY_MULTIBASE: z
		.string()
		.regex(/^z[1-9A-HJ-NP-Za-km-z]{20,200}$/, 'must be a multibase (base58btc) key')
		.optional(),
	// Daily backups (docs/operations.md): on by default in production only.
	BACKUP_SCHEDULE: z.enum(['auto', 'on', 'off']).default('auto'),
	// The hour of the day, America/La_Paz, at which the daily backup runs.
	BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(2),
	BACKUP_DIR: z.string().min(1).optional(),
	BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
	BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
	// Messages and reminders (docs/architecture.md, "Messages and reminders"). A channel without
	// its settings keeps its messages in the outbox, to be sent by hand from /admin/outbox.
	OUTBOX_WORKER: z.enum(['on', 'off']).default('on'),
	WHATSAPP_API_URL: z.url().default('https://graph.facebook.com/v21.0'),
	WHATSAPP_TOKEN: z.string().min(10).max(1000).optional(),
	WHATSAPP_PHONE_NUMBER_ID: z
		.string()
		.regex(/^\d{5,30}$/, 'must be the digits of the WhatsApp phone number id')
		.optional(),
	SMS_GATEWAY_URL: z.url().optional(),
	SMS_GATEWAY_TOKEN: z.string().max(1000).optional(),
	SMS_GATEWAY_BODY: z.string().max(2000).optional(),
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
		.optional(),
	MAIL_FROM: z.string().max(300).optional()
});

export type Env = z.infer<typeof schema> & {
	AUTH_SECRET: string;
	DATA_DIR: string;
	BACKUP_DIR: string;
	/** Whether AUTH_SECRET came from the environment (else it is the file under DATA_DIR). */
	AUTH_SECRET_FROM_ENV: boolean;
};

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): z.infer<typeof schema> {
	// Empty strings (as left in a copied .env.example) mean "not set".
	const cleaned = Object.fromEntries(
		Object.entries(source).filter(([, v]) => v !== undefined && v !== '')
	);
	const result = schema
		.refine((v) => !v.ISSUER_PUBLIC_KEY_MULTIBASE === !v.ISSUER_SECRET_KEY_MULTIBASE, {
			path: ['ISSUER_SECRET_KEY_MULTIBASE'],
			message: 'give both issuer key variables, or neither'
		})
		.refine((v) => !v.WHATSAPP_TOKEN === !v.WHATSAPP_PHONE_NUMBER_ID, {
			path: ['WHATSAPP_PHONE_NUMBER_ID'],
			message: 'give both WhatsApp variables, or neither'
		})
		.refine((v) => !v.SMTP_URL || !!v.MAIL_FROM, {
			path: ['MAIL_FROM'],
			message: 'needed with SMTP_URL (the sender address)'
		})
		.safeParse(cleaned);
	if (!result.success) {
		const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return result.data;
}

let cached: Env | undefined;

/** Validated configuration; the auth secret is generated and kept under DATA_DIR when not given. */
export function env(): Env {
	if (cached) return cached;
	const parsed = parseEnv(process.env);
	const dataDir = resolve(parsed.DATA_DIR);
	let secret = parsed.AUTH_SECRET;
	if (!secret) {
		mkdirSync(dataDir, { recursive: true });
		const file = join(dataDir, 'auth-secret');
		if (existsSync(file)) {
			secret = readFileSync(file, 'utf8').trim();
		} else {
			secret = randomBytes(32).toString('hex');
			writeFileSync(file, secret + '\n', { mode: 0o600 });
		}
	}
	cached = {
		...parsed,
		DATA_DIR: dataDir,
		AUTH_SECRET: secret,
		AUTH_SECRET_FROM_ENV: !!parsed.AUTH_SECRET,
		BACKUP_DIR: resolve(parsed.BACKUP_DIR ?? join(dataDir, 'backups'))
	};
	return cached;
}

/** The public address, for links in invitations. */
export function origin(): string {
	const e = env();
	return e.ORIGIN ?? `http://localhost:${e.PORT}`;
}
