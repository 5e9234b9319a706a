/** Shared shapes of a member-list import: raw rows, the column mapping, and what the preview says. */

/** One non-empty row of the sheet, as text, with its row number as the spreadsheet shows it. */
export interface RawRow {
	row: number;
	cells: string[];
}

export const importFields = [
	'fullName',
	'fullNameSurnameFirst',
	'givenNames',
	'surnames',
	'paternalSurname',
	'maternalSurname',
	'ci',
	'ciComplement',
	'ciExtension',
	'sex',
	'birthDate',
	'phone',
	'cooperative',
	'registryNumber',
	'role',
	'federation',
	'department',
	'municipality'
] as const;
export type ImportField = (typeof importFields)[number];

/** Column index → the field it holds, or null when the column is ignored. */
export type ColumnMapping = Array<ImportField | null>;

export type RowStatus = 'new' | 'update' | 'duplicate' | 'error';

/** A reason in the preview: a message key (suffix of `import_reason_…`) and its parameters. */
export interface Reason {
	code: string;
	params?: Record<string, string | number>;
}

/** What the coordinator decided about a cooperative name that did not match with certainty. */
export type CoopDecision =
	| { kind: 'existing'; cooperativeId: string }
	| { kind: 'new'; federationId: string; department: string };

/** The person data a valid row carries, normalised. Empty optional values are null. */
export interface PersonData {
	givenNames: string;
	surnames: string;
	ciNumber: string;
	ciExtension: string | null;
	sex: 'F' | 'M';
	birthDate: string | null;
	phone: string | null;
	roleInCooperative: string | null;
}

export interface ExistingPerson extends Omit<PersonData, 'ciNumber'> {
	id: string;
	ciNumber: string | null;
	cooperativeId: string | null;
}

export interface ExistingCooperative {
	id: string;
	name: string;
	shortName: string | null;
	registryNumber: string | null;
	federationId: string;
	federationShortName: string;
}

export interface ExistingFederation {
	id: string;
	name: string;
	shortName: string;
	department: string | null;
}

export interface ExistingEnrolment {
	id: string;
	personId: string;
	cooperativeId: string;
	teamId: string | null;
}

export interface ExistingTeam {
	id: string;
	cooperativeId: string | null;
	name: string;
}

/** Where a row's cooperative comes from once resolved. */
export type CoopTarget = { kind: 'existing'; cooperativeId: string } | { kind: 'new'; key: string };

/** A changed field of an existing person: shown in the preview and written to the audit log. */
export interface FieldChange {
	field: keyof PersonData | 'cooperative';
	from: string | null;
	to: string | null;
}

export interface RowResult {
	row: number;
	status: RowStatus;
	reasons: Reason[];
	/** Normalised data, when the row could be read (also for most error rows, to show them). */
	person: Partial<PersonData> & { cooperativeName?: string };
	/** Present on new / update / duplicate rows. */
	target?: {
		personId: string | null;
		coop: CoopTarget;
		changes: FieldChange[];
		enrol: 'create' | 'update' | 'none';
		/** The enrolment's team must be (re)set. */
		setTeam: boolean;
	};
}

/** A cooperative written in the file that needs the coordinator's decision (or got one). */
export interface CoopQuestion {
	key: string;
	/** How the file writes it (the most frequent spelling). */
	name: string;
	rows: number;
	candidates: Array<{ id: string; name: string; federation: string; score: number }>;
	suggestedFederationId: string | null;
	suggestedDepartment: string | null;
	municipality: string | null;
	registryNumber: string | null;
	decision: CoopDecision | null;
}

export interface ImportCounts {
	total: number;
	new: number;
	update: number;
	duplicate: number;
	error: number;
}

export interface Evaluation {
	rows: RowResult[];
	questions: CoopQuestion[];
	counts: ImportCounts;
	/** Changes whenever what a commit would write changes: confirm checks it. */
	fingerprint: number;
}
