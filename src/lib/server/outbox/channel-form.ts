import { channels } from '../../domain/outbox/channels';

/** The opt-out form lists the channels a person may be written to on; the others are refused. */
export function optedOutFromForm(receive: unknown): string[] {
	const ticked = Array.isArray(receive) ? receive.map(String) : [];
	return channels.filter((c) => !ticked.includes(c));
}
