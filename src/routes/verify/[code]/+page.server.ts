import { getApp } from '$lib/server/app';
import { RateLimitedError } from '$lib/server/auth/rate-limit';
import { verifyCode } from '$lib/server/certificates/verify-code';
import type { PageServerLoad } from './$types';

// Public: anyone holding a certificate's code (or its QR) may check it, signed in or not.
export const load: PageServerLoad = async ({ params, getClientAddress, setHeaders }) => {
	try {
		const result = await verifyCode(
			{ db: (await getApp()).db },
			{ code: params.code, address: getClientAddress() }
		);
		return { result, wait: 0 };
	} catch (e) {
		if (e instanceof RateLimitedError) {
			setHeaders({ 'retry-after': String(e.retryAfterSeconds) });
			return { result: null, wait: e.retryAfterSeconds };
		}
		throw e;
	}
};
