import { m } from '$lib/paraglide/messages';
import type { ActivityType } from '$lib/server/curriculum/schema';

/** The word for each kind of step, in the reader's language. */
export const activityLabels: Record<ActivityType, () => string> = {
	read: m.course_type_read,
	discuss: m.course_type_discuss,
	worksheet: m.course_type_worksheet,
	quiz: m.course_type_quiz,
	reflect: m.course_type_reflect,
	decide: m.course_type_decide
};

/**
 * Stroked 16×16 shapes so the kind of step is recognisable without reading: an open book, two
 * speech bubbles, a sheet with lines, a question mark, a lamp, a tick.
 */
export const activityIcons: Record<ActivityType, string> = {
	read: 'M2 3.5c2-1 4-1 6 .5 2-1.5 4-1.5 6-.5v9c-2-1-4-1-6 .5-2-1.5-4-1.5-6-.5zM8 4v9',
	discuss: 'M2 3h8v5H6l-2 2V8H2zM10 6h4v5h-1.5v2L10 11H7V9',
	worksheet: 'M3 2h10v12H3zM5.5 5h5M5.5 8h5M5.5 11h3',
	quiz: 'M5.5 6a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5V10.5M8 12.5v1',
	reflect: 'M5 10a4 4 0 1 1 6 0c-.6.6-1 1.2-1 2H6c0-.8-.4-1.4-1-2zM6 14h4',
	decide: 'M2.5 8.5l3.5 3.5 7.5-8'
};
