import type { z } from 'zod';
import { fieldErrors } from '../../domain/form-input';
import { AppError } from '../errors';

/** Parses input or throws `invalid_input` with a code per field; nothing is written before this. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success)
		throw new AppError('invalid_input', 'invalid input', fieldErrors(parsed.error));
	return parsed.data;
}

export function invalid(field: string, code: string): AppError {
	return new AppError('invalid_input', `${field}: ${code}`, { [field]: code });
}
