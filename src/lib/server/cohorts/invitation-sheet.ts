import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { assertCan, type Actor } from '../access/guard';
import { personScope } from '../access/person-scope';
import { can } from '../access/guard';
import { hashToken } from '../auth/invitations';
import type { Executor } from '../db/client';
import { pdfmake } from '../pdf/pdfmake';
import { cooperative, invitation, person, user } from '../db/schema';

export interface SheetEntry {
	name: string;
	cooperative: string | null;
	username: string;
	url: string;
	expiresAt: Date;
}

/**
 * The sheet's entries, rebuilt from links the coordinator holds (tokens are never stored, so
 * they come back from the page that showed them). Only open links, only of members the actor
 * may invite; anything else is dropped.
 */
export async function invitationSheetEntries(
	deps: { db: Executor; now?: () => Date },
	actor: Actor | null,
	tokens: string[],
	origin: string
): Promise<SheetEntry[]> {
	assertCan(actor, 'person.invite');
	const clean = [...new Set(tokens.filter((t) => /^[\w-]{20,64}$/.test(t)))].slice(0, 2000);
	if (!clean.length) return [];
	const byHash = new Map(clean.map((t) => [hashToken(t), t]));
	const rows = await deps.db
		.select({
			hash: invitation.tokenHash,
			expiresAt: invitation.expiresAt,
			username: user.username,
			personId: person.id,
			name: sql<string>`${person.givenNames} || ' ' || ${person.surnames}`,
			cooperative: sql<string | null>`coalesce(${cooperative.shortName}, ${cooperative.name})`
		})
		.from(invitation)
		.innerJoin(user, eq(user.id, invitation.userId))
		.innerJoin(person, eq(person.id, user.personId))
		.leftJoin(cooperative, eq(cooperative.id, person.cooperativeId))
		.where(
			and(
				inArray(invitation.tokenHash, [...byHash.keys()]),
				isNull(invitation.usedAt),
				isNull(invitation.revokedAt),
				gt(invitation.expiresAt, deps.now?.() ?? new Date())
			)
		)
		.orderBy(cooperative.name, person.surnames, person.givenNames);
	const entries: SheetEntry[] = [];
	for (const r of rows) {
		if (!can(actor, 'person.invite', await personScope(deps.db, r.personId))) continue;
		entries.push({
			name: r.name,
			cooperative: r.cooperative,
			username: r.username,
			url: `${origin}/invitation/${byHash.get(r.hash)}`,
			expiresAt: r.expiresAt
		});
	}
	return entries;
}

export interface SheetLabels {
	title: string;
	intro: string;
	username: (username: string) => string;
	expires: (date: string) => string;
	formatDate: (d: Date) => string;
}

function card(e: SheetEntry, labels: SheetLabels): Content {
	return {
		stack: [
			{ text: e.name, bold: true, fontSize: 13 },
			{ text: e.cooperative ?? '', fontSize: 10, color: '#444444', margin: [0, 0, 0, 2] },
			{ text: labels.username(e.username), fontSize: 11, margin: [0, 0, 0, 6] },
			{ qr: e.url, fit: 120, alignment: 'center', eccLevel: 'M' },
			{ text: e.url, fontSize: 7, margin: [0, 6, 0, 2], alignment: 'center' },
			{ text: labels.expires(labels.formatDate(e.expiresAt)), fontSize: 9, alignment: 'center' }
		],
		margin: [6, 6, 6, 6],
		unbreakable: true
	};
}

/** An A4 sheet of invitation cards — two per row, each with its QR code — to cut and hand out. */
export async function renderInvitationSheet(
	entries: SheetEntry[],
	labels: SheetLabels
): Promise<Buffer> {
	const rows: Content[][] = [];
	for (let i = 0; i < entries.length; i += 2)
		rows.push([
			card(entries[i]!, labels),
			entries[i + 1] ? card(entries[i + 1]!, labels) : { text: '' }
		]);
	const doc: TDocumentDefinitions = {
		pageSize: 'A4',
		pageMargins: [30, 40, 30, 40],
		info: { title: labels.title, creator: 'Minka' },
		defaultStyle: { font: 'Helvetica', fontSize: 10 },
		content: [
			{ text: labels.title, bold: true, fontSize: 16, margin: [0, 0, 0, 4] },
			{ text: labels.intro, fontSize: 10, margin: [0, 0, 0, 10] },
			rows.length
				? {
						table: { widths: ['*', '*'], body: rows, dontBreakRows: true },
						layout: {
							hLineStyle: () => ({ dash: { length: 4 } }),
							vLineStyle: () => ({ dash: { length: 4 } }),
							hLineColor: () => '#999999',
							vLineColor: () => '#999999'
						}
					}
				: { text: '—' }
		]
	};
	return pdfmake.createPdf(doc).getBuffer();
}
