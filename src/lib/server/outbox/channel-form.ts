import { channels } from '../../domain/outbox/channels';

/** The opt-out form lists the channels a person may be written to on; the others are refused. */
export function optedOutFromForm(receive: unknown): string[] {
	const ticked = Array.isArray(receive) ? receive.map(String) : [];
	// A value that is no channel is kept, so the write refuses the form instead of ignoring it.
	const odd = ticked.filter((t) => !(channels as readonly string[]).includes(t));
	return odd.length ? odd : channels.filter((c) => !ticked.includes(c));
}
