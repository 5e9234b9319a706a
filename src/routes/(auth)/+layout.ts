// Sign-in and invitation pages are plain forms: no client JavaScript to download on a phone,
// and nothing that could reset a field the person is typing into while a script loads.
export const csr = false;
