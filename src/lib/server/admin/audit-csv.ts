import type { ExportColumn } from '../export/write-table';
import { t, type Locale } from '../import/messages';
import type { AuditRow } from './search-audit';

/**
 * The columns of the audit log's CSV: the stored facts (time in UTC, account, action, record,
 * changes as JSON) for tools, and the line told in words for people.
 */
export function auditCsvColumns(locale: Locale): ExportColumn<AuditRow>[] {
	const h = (key: string) => t(key, locale);
	return [
		{ header: h('admin_audit_col_when'), value: (r) => r.at },
		{ header: h('admin_audit_col_who'), value: (r) => r.who ?? h('history_system') },
		{ header: h('admin_col_username'), value: (r) => r.whoUsername },
		{ header: h('admin_audit_col_action'), value: (r) => r.action },
		{ header: h('admin_audit_col_entity'), value: (r) => r.entity },
		{ header: h('admin_audit_col_entity_id'), value: (r) => r.entityId },
		{
			header: h('admin_audit_col_what'),
			value: (r) => [r.title, ...r.details.map((d) => `${d.label}: ${d.value}`)].join('; ')
		},
		{
			header: h('admin_audit_col_changes'),
			value: (r) => (r.changes ? JSON.stringify(r.changes) : '')
		}
	];
}
