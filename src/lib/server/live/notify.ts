import { EventEmitter } from 'node:events';

/**
 * Tells whoever follows a run that it changed (payload: the run id, never data; followers reload
 * what they may see). In-process for PGlite and tests; on PostgreSQL the same interface fans out
 * through LISTEN/NOTIFY so several Node processes stay in step.
 */
export interface LiveBus {
	publish(runId: string): void;
	subscribe(runId: string, onChange: () => void): () => void;
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** The in-process bus: PGlite (one process) and tests. */
export const inProcessBus: LiveBus = {
	publish: (runId) => void emitter.emit(runId),
	subscribe: (runId, onChange) => {
		emitter.on(runId, onChange);
		return () => emitter.off(runId, onChange);
	}
};

let bus: LiveBus = inProcessBus;

export function liveBus(): LiveBus {
	return bus;
}

/** Replaces the bus (the PostgreSQL one at start-up). */
export function setLiveBus(next: LiveBus): void {
	bus = next;
}

/** Back to the in-process bus (when the PostgreSQL one closes). */
export function resetLiveBus(): void {
	bus = inProcessBus;
}

/** Call after the transaction that changed a run has committed. */
export function notifyRunChanged(runId: string): void {
	bus.publish(runId);
}
