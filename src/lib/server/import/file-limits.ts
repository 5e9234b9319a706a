import { AppError } from '../errors';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;

/**
 * What a member list may hold. Names, CI numbers and phones are short, and a list of 20,000
 * members fits in a few MB; anything far beyond is a damaged or hostile file, refused while it is
 * read rather than after it has filled the memory.
 */
export const limits = {
	rows: MAX_ROWS,
	/** Characters in one cell (the messages say 1.000). */
	cellChars: 1000,
	/** Columns with data (the messages say 100). */
	columns: 100,
	/** Characters in all the cells of the list, as stored in the batch. */
	textChars: 16_000_000,
	/** Entries in an .xlsx (a list has about a dozen). */
	zipEntries: 1000,
	/** Uncompressed bytes the .xlsx's directory may declare in all. */
	declaredBytes: 256 * 1024 * 1024,
	/** Bytes actually inflated from one .xlsx (a 20,000-row sheet is about 15 MB of XML). */
	unpackedBytes: 64 * 1024 * 1024,
	/** Characters the XML parser may hold for one text or tag (a cell's text escaped is longer). */
	xmlTokenChars: 64 * 1024
};

/** Why a file cannot be read; the route shows a translated message for each. */
export type FileProblem =
	| 'file_missing'
	| 'file_too_large'
	| 'file_type'
	| 'file_xls'
	| 'file_unreadable'
	| 'file_empty'
	| 'file_too_many_rows'
	| 'file_too_many_columns'
	| 'file_cell_too_long'
	| 'file_unpacked_too_large'
	| 'file_no_header';

export function fileError(problem: FileProblem): AppError {
	return new AppError('invalid_input', problem, { file: problem });
}
