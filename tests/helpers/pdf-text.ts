// The text of a PDF as a reader would copy it, by Poppler's pdftotext (a real PDF reader, not our
// own parser). `layout` keeps columns side by side; without it, text comes in reading order.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export async function pdfText(pdf: Buffer | Uint8Array, opts: { layout?: boolean } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'minka-pdf-'));
	try {
		const file = join(dir, 'file.pdf');
		writeFileSync(file, pdf);
		const args = [...(opts.layout === false ? [] : ['-layout']), file, '-'];
		const { stdout } = await promisify(execFile)('pdftotext', args, { maxBuffer: 32 << 20 });
		return stdout;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
