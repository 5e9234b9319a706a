import { log } from './log';

export interface RepeatingTask {
	stop(): void;
	/** Runs the task now (tests, or a caller that cannot wait for the timer). */
	tick(): Promise<void>;
}

/**
 * Runs `work` in the server process after `firstMs`, then every `everyMs`: a run still going is
 * never doubled, an error is logged under `what` and never crashes the server, and the timers
 * never keep the process alive. The backup schedule and the outbox worker both run this way.
 */
export function startRepeatingTask(
	what: string,
	work: () => Promise<void>,
	opts: { firstMs: number; everyMs: number }
): RepeatingTask {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			await work();
		} catch (e) {
			log.error(`${what} failed`, { error: String(e) });
		} finally {
			busy = false;
		}
	};
	const first = setTimeout(() => void tick(), opts.firstMs);
	const timer = setInterval(() => void tick(), opts.everyMs);
	first.unref();
	timer.unref();
	return {
		stop() {
			clearTimeout(first);
			clearInterval(timer);
		},
		tick
	};
}
