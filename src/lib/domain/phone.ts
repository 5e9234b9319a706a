/**
 * Bolivian phone numbers: mobiles are 8 digits starting with 6 or 7; landlines 8 digits starting
 * with 2, 3 or 4 (area code included). Stored as +591XXXXXXXX.
 */
export function normalizeBoPhone(raw: string): string | null {
	let digits = raw.replace(/[\s\-().]/g, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	if (digits.startsWith('00')) digits = digits.slice(2);
	if (!/^\d+$/.test(digits)) return null;
	if (digits.length === 11 && digits.startsWith('591')) digits = digits.slice(3);
	if (!/^[23467]\d{7}$/.test(digits)) return null;
	return `+591${digits}`;
}

/** A wa.me link that opens WhatsApp with the message ready to send (to the number if known). */
export function whatsappLink(message: string, phone?: string | null): string {
	const to = phone ? (normalizeBoPhone(phone)?.slice(1) ?? '') : '';
	return `https://wa.me/${to}?text=${encodeURIComponent(message)}`;
}

/**
 * The number as WhatsApp and SMS need it (+591 and 8 digits starting with 6 or 7), or null: a
 * landline or a number that is not Bolivian cannot receive either.
 */
export function boMobile(raw: string | null | undefined): string | null {
	const n = raw ? normalizeBoPhone(raw) : null;
	return n && /^\+591[67]/.test(n) ? n : null;
}
