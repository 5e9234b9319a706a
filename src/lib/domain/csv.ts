/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: unknown): string {
	let s = value === null || value === undefined ? '' : String(value);
	// "=", "+", "-", "@" at the start make a spreadsheet evaluate the cell (formula injection);
	// a leading quote disarms it. Plain numbers such as "+59171234567" are left alone.
	if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d[\d ]*$/.test(s)) s = `'${s}`;
	return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}
