// Recorded audio for reading steps: `<NN-activity>.<locale>.opus` next to the activity's
// Markdown (docs/content.md). Checked when the content loads, served by /audio/….

/** A reading of a few minutes at 24–32 kbit/s fits; anything larger is a mistake on 3G. */
export const MAX_AUDIO_BYTES = 2 * 1024 * 1024;

export const audioFile = /^(\d{2})-([^.]+)\.([^.]+)\.opus$/;

export const AUDIO_CONTENT_TYPE = 'audio/ogg; codecs=opus';

/**
 * Why a file is not Opus in an Ogg container, or undefined when it is: the first Ogg page
 * (`OggS`, version 0, beginning of stream) must carry the Opus identification header (`OpusHead`,
 * RFC 7845 §5.1). Browsers that play Ogg Opus read exactly this.
 */
export function opusProblem(bytes: Uint8Array, size: number): string | undefined {
	if (size > MAX_AUDIO_BYTES)
		return `audio file is ${Math.ceil(size / 1024)} KB; at most ${MAX_AUDIO_BYTES / 1024} KB`;
	const text = (from: number, length: number) =>
		String.fromCharCode(...bytes.subarray(from, from + length));
	if (bytes.length < 27 || text(0, 4) !== 'OggS' || bytes[4] !== 0)
		return 'not an Ogg file (expected Opus in an Ogg container, starting with "OggS")';
	if (!(bytes[5]! & 0x02)) return 'the first Ogg page does not begin a stream';
	const payload = 27 + bytes[26]!;
	if (text(payload, 8) !== 'OpusHead')
		return 'an Ogg file without an Opus stream (no "OpusHead" header): encode it with opusenc';
	return undefined;
}
