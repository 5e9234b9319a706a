import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { dateFormat } from '../../domain/intl-cache';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../curriculum/schema';
import { pdfmake } from '../pdf/pdfmake';
import type { CertificateConfig } from './config';
import type { CertificateRecord } from './get-certificate';

/** Where the code printed on a certificate is checked. */
export const verifyUrl = (origin: string, code: string) => `${origin}/verify/${code}`;

/**
 * The certificate as an A4 landscape page: the issuing bodies (and their logos when DATA_DIR has
 * them), the holder's name and masked CI, the courses with their hours, the cohort, cooperative
 * and federation, the date, the code and a QR code of the verification address. Roboto embedded;
 * nothing fetched. A revoked certificate says so across the page.
 */
export async function renderCertificatePdf(
	cert: CertificateRecord,
	config: Pick<CertificateConfig, 'issuers' | 'logos' | 'urls'>,
	locale: Locale
): Promise<Buffer> {
	const o = { locale };
	const tag = locale === 'es' ? 'es-BO' : 'en-GB';
	const day = (d: Date) =>
		dateFormat(tag, { dateStyle: 'long', timeZone: 'America/La_Paz' }).format(d);
	const url = verifyUrl(config.urls.origin, cert.code);
	const hours = cert.courses.reduce((n, c) => n + c.hours, 0);
	const logos: Content[] = config.logos.map((image) => ({
		image,
		fit: [110, 50],
		alignment: 'center'
	}));
	const content: Content[] = [
		...(logos.length ? [{ columns: logos, columnGap: 20, margin: [0, 0, 0, 8] } as Content] : []),
		{
			text: config.issuers.join('  ·  '),
			alignment: 'center',
			fontSize: 11,
			color: '#5a4632',
			margin: [0, 0, 0, 18]
		},
		{ text: m.cert_pdf_title({}, o), style: 'title' },
		{ text: m.cert_pdf_awarded({}, o), alignment: 'center', margin: [0, 14, 0, 6] },
		{ text: cert.holderName, style: 'name' },
		cert.ciMasked
			? { text: m.cert_pdf_ci({ ci: cert.ciMasked }, o), alignment: 'center', fontSize: 10 }
			: { text: '' },
		{
			text: m.cert_pdf_completed({ cohort: cert.cohortName }, o),
			alignment: 'center',
			margin: [0, 14, 0, 6]
		},
		{
			ul: cert.courses.map((c) =>
				m.cert_pdf_course({ course: c.title[locale], hours: String(c.hours) }, o)
			),
			margin: [200, 0, 0, 6]
		},
		{
			text: m.cert_pdf_total({ hours: String(hours) }, o),
			alignment: 'center',
			bold: true,
			margin: [0, 0, 0, 6]
		},
		{
			text: m.cert_pdf_member(
				{ cooperative: cert.cooperativeName, federation: cert.federationName },
				o
			),
			alignment: 'center'
		},
		{
			columns: [
				{
					width: '*',
					stack: [
						{ text: m.cert_pdf_issued({ date: day(cert.issuedAt) }, o), margin: [0, 30, 0, 4] },
						{ text: m.cert_pdf_code({ code: cert.code }, o), bold: true },
						{ text: m.cert_pdf_verify({ url }, o), fontSize: 9, color: '#555555' }
					]
				},
				{ width: 'auto', qr: url, fit: 110, eccLevel: 'M' }
			],
			margin: [0, 16, 0, 0]
		}
	];
	const doc: TDocumentDefinitions = {
		pageSize: 'A4',
		pageOrientation: 'landscape',
		pageMargins: [50, 40, 50, 30],
		info: { title: `${m.cert_pdf_title({}, o)} ${cert.code}`, creator: 'Minka' },
		defaultStyle: { font: 'Roboto', fontSize: 12 },
		styles: {
			title: { fontSize: 30, bold: true, alignment: 'center', color: '#5a3a1a' },
			name: { fontSize: 24, bold: true, alignment: 'center' }
		},
		...(cert.revokedAt
			? {
					watermark: {
						text: m.cert_pdf_revoked({}, o),
						color: '#b00020',
						opacity: 0.25,
						bold: true
					}
				}
			: {}),
		content
	};
	return pdfmake.createPdf(doc).getBuffer();
}
