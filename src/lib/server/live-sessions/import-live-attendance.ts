import {
	attendanceColumns,
	matchAttendance,
	type AttendanceMatch
} from '../../domain/live-session';
import { assertCan, type Actor } from '../access/guard';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/client';
import { liveAttendance } from '../db/schema';
import { AppError } from '../errors';
import { fileError } from '../import/file-limits';
import { readCsv } from '../import/read-csv';
import { loadLiveSession } from './live-session-context';
import { bumpAttendance, cohortMembers } from './record-live-attendance';

/** An attendance list is a few hundred lines: this many bytes is plenty. */
export const ATTENDANCE_FILE_MAX = 512 * 1024;
const ROWS_MAX = 2_000;

/**
 * Adds to a session's attendance the members found in a list exported from the meeting tool
 * (CSV: a header row with a name column, and a phone column if the tool gives one). Lines that
 * fit no member, or several, are returned so the facilitator ticks those people by hand. Carries
 * the attendance revision the page showed, like the tick list.
 */
export async function importLiveAttendance(
	deps: { db: Db },
	actor: Actor | null,
	input: { sessionId: string; revision: number; file: Uint8Array }
): Promise<AttendanceMatch & { revision: number; added: number }> {
	const s = await loadLiveSession(deps.db, input.sessionId);
	assertCan(actor, 'live.manage', { cohortIds: [s.cohortId] });
	if (!input.file.byteLength) throw fileError('file_missing');
	if (input.file.byteLength > ATTENDANCE_FILE_MAX) throw fileError('file_too_large');
	const { rows } = await readCsv(input.file);
	if (!rows.length) throw fileError('file_empty');
	if (rows.length > ROWS_MAX + 1) throw fileError('file_too_many_rows');
	const cols = attendanceColumns(rows[0]!.cells);
	if (cols.name < 0 && cols.phone < 0)
		throw new AppError('invalid_input', 'no name column', { file: 'live_err_no_columns' });
	const lines = rows.slice(1).map((r) => ({
		line: r.row,
		name: cols.name >= 0 ? (r.cells[cols.name] ?? '').trim() : '',
		phone: cols.phone >= 0 ? (r.cells[cols.phone] ?? '').trim() : ''
	}));
	const match = matchAttendance(lines, await cohortMembers(deps.db, s.cohortId));
	return deps.db.transaction(async (tx) => {
		const revision = await bumpAttendance(tx, s.id, input.revision);
		const added = match.matched.length
			? await tx
					.insert(liveAttendance)
					.values(
						match.matched.map((m) => ({
							sessionId: s.id,
							personId: m.personId,
							source: 'imported',
							recordedBy: actor.userId
						}))
					)
					.onConflictDoNothing()
					.returning({ personId: liveAttendance.personId })
			: [];
		await recordAudit(tx, actor, {
			action: 'attendance_import',
			entity: 'live_session',
			entityId: s.id,
			changes: { matched: match.matched.length, unmatched: match.unmatched.length }
		});
		return { ...match, revision, added: added.length };
	});
}
