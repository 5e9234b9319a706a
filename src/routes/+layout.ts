// Pages are rendered on the server and work as plain forms: no client JavaScript to download on a
// cheap phone, and nothing that can reset a field someone is typing into while a script loads.
// A page that truly needs interaction (a live timer, say) opts in with `export const csr = true`.
export const csr = false;
