import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env, origin } from '../env';
import type { KeyConfig } from './issuer-key';
import type { IssuerUrls } from './open-badge';

export interface CertificateConfig {
	urls: IssuerUrls;
	keys: KeyConfig;
	/** The bodies printed as issuing the certificate. */
	issuers: string[];
	/** Logos from DATA_DIR/certificates (data URLs), by position; none are shipped. */
	logos: string[];
	issuerName: string;
}

const DEFAULT_ISSUERS = [
	'Viceministerio de Cooperativas Mineras',
	'Organización Internacional del Trabajo (OIT)'
];

/** At most this many issuing bodies (and logos) on a certificate. */
const MAX_ISSUERS = 4;
const MAX_LOGO_BYTES = 1_000_000;

function readLogos(dataDir: string): string[] {
	const out: string[] = [];
	for (let i = 1; i <= MAX_ISSUERS; i++) {
		for (const [ext, type] of [
			['png', 'image/png'],
			['jpg', 'image/jpeg'],
			['jpeg', 'image/jpeg']
		] as const) {
			const file = join(dataDir, 'certificates', `logo-${i}.${ext}`);
			if (!existsSync(file)) continue;
			const bytes = readFileSync(file);
			if (bytes.length <= MAX_LOGO_BYTES)
				out.push(`data:${type};base64,${bytes.toString('base64')}`);
			break;
		}
	}
	return out;
}

/** From .env and DATA_DIR (see .env.example). */
export function certificateConfig(): CertificateConfig {
	const e = env();
	const issuers = (e.CERT_ISSUERS ?? '')
		.split(/[|\n]/)
		.map((s) => s.trim())
		.filter(Boolean)
		.slice(0, MAX_ISSUERS);
	return {
		urls: { origin: origin().replace(/\/$/, '') },
		keys: {
			dataDir: e.DATA_DIR,
			envKey:
				e.ISSUER_PUBLIC_KEY_MULTIBASE && e.ISSUER_SECRET_KEY_MULTIBASE
					? {
							publicKeyMultibase: e.ISSUER_PUBLIC_KEY_MULTIBASE,
							secretKeyMultibase: e.ISSUER_SECRET_KEY_MULTIBASE
						}
					: undefined
		},
		issuers: issuers.length ? issuers : DEFAULT_ISSUERS,
		logos: readLogos(e.DATA_DIR),
		issuerName: e.CERT_ISSUER_NAME
	};
}
