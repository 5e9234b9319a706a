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

let bus: LiveBus = {
	publish: (runId) => void emitter.emit(runId),
	subscribe: (runId, onChange) => {
		emitter.on(runId, onChange);
		return () => emitter.off(runId, onChange);
	}
};

export function liveBus(): LiveBus {
	return bus;
}

/** Replaces the bus (the PostgreSQL one at start-up). */
export function setLiveBus(next: LiveBus): void {
	bus = next;
}

/** Call after the transaction that changed a run has committed. */
export function notifyRunChanged(runId: string): void {
	bus.publish(runId);
}
