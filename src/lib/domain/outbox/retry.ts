// Back-off for messages whose channel answered an error that may pass (a 5xx, a timeout).

/** Minutes to wait after the 1st, 2nd, 3rd, 4th failed attempt; the 5th failure is final. */
export const RETRY_DELAYS_MIN = [1, 5, 30, 120] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MIN.length + 1;

/**
 * After a failed attempt (`attempts` counts it): when to try again, or null when the message has
 * failed for good (the error cannot pass, or attempts are used up).
 */
export function nextAttemptAt(attempts: number, retry: boolean, now: Date): Date | null {
	if (!retry || attempts >= MAX_ATTEMPTS) return null;
	const minutes = RETRY_DELAYS_MIN[Math.max(0, attempts - 1)] ?? RETRY_DELAYS_MIN.at(-1)!;
	return new Date(now.getTime() + minutes * 60_000);
}
