// Draws Minka's home-screen icons (a cream "M" on the brand brown) and writes them as PNG files
// with Node's own zlib: no image library for three flat pictures. Re-run after changing a shape:
//   node scripts/make-icons.js
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const brown = [0x7a, 0x3e, 0x14];
const cream = [0xfa, 0xf7, 0xf2];
// Palette: 16 blends from brown to cream (soft edges), then fully transparent.
const SHADES = 16;
const palette = Array.from({ length: SHADES }, (_, i) =>
	brown.map((b, c) => Math.round(b + ((cream[c] - b) * i) / (SHADES - 1)))
);
const CLEAR = SHADES;

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** Distance from point p to segment ab (all in units of the icon's side). */
function toSegment(px, py, [ax, ay, bx, by]) {
	const dx = bx - ax;
	const dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * @param size side in pixels
 * @param scale how much of the side the letter spans (smaller for maskable: its safe zone)
 * @param rounded transparent rounded corners (false: full bleed, as maskable icons must be)
 */
function draw(size, scale, rounded) {
	const s = (v) => 0.5 + (v - 0.5) * scale;
	const strokes = [
		[0.22, 0.78, 0.22, 0.24],
		[0.22, 0.24, 0.5, 0.6],
		[0.5, 0.6, 0.78, 0.24],
		[0.78, 0.24, 0.78, 0.78]
	].map((seg) => seg.map(s));
	const half = 0.065 * scale;
	const radius = 0.18;
	const sub = 4; // 4×4 samples per pixel
	const rows = [];
	for (let y = 0; y < size; y++) {
		const row = Buffer.alloc(size + 1); // filter byte 0, then palette indices
		for (let x = 0; x < size; x++) {
			let ink = 0;
			let inside = 0;
			for (let i = 0; i < sub; i++)
				for (let j = 0; j < sub; j++) {
					const px = (x + (i + 0.5) / sub) / size;
					const py = (y + (j + 0.5) / sub) / size;
					if (rounded) {
						const cx = Math.min(Math.max(px, radius), 1 - radius);
						const cy = Math.min(Math.max(py, radius), 1 - radius);
						if (Math.hypot(px - cx, py - cy) > radius) continue;
					}
					inside++;
					if (strokes.some((seg) => toSegment(px, py, seg) <= half)) ink++;
				}
			row[x + 1] = inside < (sub * sub) / 2 ? CLEAR : Math.round((ink / inside) * (SHADES - 1));
		}
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 3; // indexed colour
	const plte = Buffer.from([...palette.flat(), 0, 0, 0]);
	const trns = Buffer.from([...Array(SHADES).fill(255), 0]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('PLTE', plte),
		chunk('tRNS', trns),
		chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const out = new URL('../static/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), draw(192, 1, true));
writeFileSync(new URL('icon-512.png', out), draw(512, 1, true));
// Maskable: the launcher crops to its own shape; the letter stays inside the central safe circle.
writeFileSync(new URL('icon-maskable-512.png', out), draw(512, 0.7, false));
