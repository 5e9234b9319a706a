import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';

/**
 * The island scripts (`static/js/*.js`) are written by hand, readable, with comments that say
 * why; phones should get them minified. Once the adapter has written the app (`build/`), this
 * minifies their copies there (ES2019, as written) and compresses them again as the adapter did
 * (`precompress`). The sources stay as they are; the development server serves them as is.
 *
 * @param {string} [outDir]
 * @returns {import('vite').Plugin}
 */
export function minifyIslands(outDir = 'build/client/js') {
	return {
		name: 'minka-minify-islands',
		apply: 'build',
		closeBundle: {
			order: 'post',
			sequential: true,
			handler() {
				if (!existsSync(outDir)) return;
				for (const name of readdirSync(outDir).filter((n) => n.endsWith('.js'))) {
					const file = join(outDir, name);
					const { code } = transformSync(readFileSync(file, 'utf8'), {
						loader: 'js',
						minify: true,
						target: 'es2019',
						legalComments: 'none'
					});
					writeFileSync(file, code);
					if (existsSync(`${file}.gz`)) writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }));
					if (existsSync(`${file}.br`))
						writeFileSync(
							`${file}.br`,
							brotliCompressSync(code, {
								params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY }
							})
						);
				}
			}
		}
	};
}
