import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

// The one set-up of pdfmake for every document Minka makes. Helvetica is one of PDF's standard
// fonts (nothing to embed, for the short invitation sheets); Roboto, which pdfmake ships as TTF
// files, is embedded in documents meant to be kept and printed elsewhere (the plan).
const helvetica = {
	normal: 'Helvetica',
	bold: 'Helvetica-Bold',
	italics: 'Helvetica-Oblique',
	bolditalics: 'Helvetica-BoldOblique'
};
const robotoDir = join(
	dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')),
	'fonts',
	'Roboto'
);
const roboto = {
	normal: join(robotoDir, 'Roboto-Regular.ttf'),
	bold: join(robotoDir, 'Roboto-Medium.ttf'),
	italics: join(robotoDir, 'Roboto-Italic.ttf'),
	bolditalics: join(robotoDir, 'Roboto-MediumItalic.ttf')
};
const allowed = new Set([...Object.values(helvetica), ...Object.values(roboto)]);
pdfmake.setFonts({ Helvetica: helvetica, Roboto: roboto });
// Nothing in these documents comes from a URL or another file: refuse both.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => allowed.has(path));

export { pdfmake };
