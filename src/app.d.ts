import type { Actor } from '$lib/server/access/guard';

declare global {
	namespace App {
		interface Locals {
			user: { id: string; name: string; username: string; personId: string | null } | null;
			actor: Actor | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
