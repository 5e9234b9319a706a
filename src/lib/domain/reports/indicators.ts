// What a dashboard, the report command and the exports show: one plain object.
import type { SessionState } from '../next-session';
import type { AgeBandKey } from './age-bands';
import type { Breakdown, BySex } from './breakdown';
import type { ReportFilters } from './filters';

/** An average of test scores (percent of the maximum) with how many attempts it is over. */
export interface ScoreAverage {
	n: number;
	average: number | null;
}

export interface ScoresBySex {
	all: ScoreAverage;
	F: ScoreAverage;
	M: ScoreAverage;
}

export interface KnowledgeGain {
	course: string;
	pre: ScoresBySex;
	post: ScoresBySex;
	/** Mean of (post − pre) in percentage points over the members who took both. */
	gain: ScoresBySex;
}

export interface SessionAttendance {
	course: string;
	module: string;
	session: string;
	/** Completed group runs of the session (one per team). */
	runs: number;
	present: BySex & { total: number };
	/** Members of those teams (not withdrawn) who could have been there. */
	expected: BySex & { total: number };
	/** present / expected, in percent. */
	rate: number | null;
}

export interface TeamRow {
	teamId: string;
	team: string;
	cooperative: string;
	federation: string;
	cohortId: string;
	/** Group sessions completed, over the sessions of the cohort's courses. */
	sessionsDone: number;
	sessionsTotal: number;
	/** `course/module/session` → state, for the progress grid. */
	states: Record<string, SessionState>;
	/** Knowledge gain per course for the team's members (percentage points). */
	gain: Record<string, ScoreAverage>;
}

/** Follow-up figures over a set of rounds and cooperatives (cooperative-level: no person filter). */
export interface FollowUpFigures {
	/** Cooperatives expected to report. */
	cooperatives: number;
	/** Cooperatives late (see `progressFromCounts`, lib/domain/follow-up.ts). */
	late: number;
	/** Action Plan items, and items by status; `none`: no update yet. */
	items: number;
	byStatus: Record<'done' | 'on_track' | 'late' | 'not_started' | 'none', number>;
	/** Updates by review state. */
	reviews: { validated: number; queried: number; pending: number };
	/** Centavos: spent so far as the updates say, against the items' budget. */
	spent: number;
	budget: number;
}

export interface FollowUpRoundFigures extends FollowUpFigures {
	roundId: string;
	cohortId: string;
	cohortName: string;
	label: string;
	dueOn: string;
}

/** A cooperative that has not updated every item of a round whose due date has passed. */
export interface LateCooperative {
	cooperativeId: string;
	federationId: string;
	name: string;
	/** Its first team in the cohort: where its follow-up pages are. */
	teamId: string;
	cohortId: string;
	roundId: string;
	round: string;
	dueOn: string;
	updated: number;
	items: number;
}

export interface Indicators {
	/** The reference date of "active" and of ages (YYYY-MM-DD). */
	asOf: string;
	filters: ReportFilters;
	/** Federation short names and department codes present, in order, for tables. */
	federations: { id: string; shortName: string }[];
	departments: string[];
	enrolled: Breakdown;
	/** Attended a group run or took a test in the 14 days before `asOf` (not withdrawn). */
	active: Breakdown;
	/** Withdrawn enrolments. */
	droppedOut: Breakdown;
	/** Completed every course of their cohort (rule in docs/architecture.md, "Monitoring"). */
	completed: Breakdown;
	/** Completion course by course. */
	courses: { course: string; completed: Breakdown }[];
	attendance: SessionAttendance[];
	/** The sessions of the grid's columns, in the content's order. */
	sessions: { course: string; module: string; session: string }[];
	teams: TeamRow[];
	/** Teams in scope beyond those listed in `teams`. */
	teamsMore: number;
	knowledgeGain: KnowledgeGain[];
	workbooks: {
		/** Cooperatives' workbooks in scope. */
		count: number;
		/** Section key → status → sections. */
		bySection: Record<
			string,
			Record<'draft' | 'submitted' | 'changes_requested' | 'approved', number>
		>;
	};
	/** Cooperatives' Action Plans by state (counts of workbooks, not people). */
	actionPlans: { total: number; drafted: number; submitted: number; approved: number };
	feasibility: {
		/** Area → verdict (feasible, doubtful, not-feasible) → workbooks. */
		verdicts: Record<string, Record<string, number>>;
		/** go, revise, no-go → workbooks. */
		decisions: Record<string, number>;
	};
	/**
	 * Action Plan follow-up in the rounds due so far (due date on or before today in Bolivia) or
	 * already reported in by a cooperative in scope:
	 * each round with its cooperatives' items by status in it; `overall` each item once as its
	 * latest update says; the cooperatives late, oldest due date first (at most `LATE_LIMIT`).
	 */
	followUp: {
		today: string;
		rounds: FollowUpRoundFigures[];
		overall: FollowUpFigures;
		late: LateCooperative[];
		/** Late cooperatives beyond those listed. */
		lateMore: number;
	};
	participation: {
		/** Role taken in runs → times, by the sex of who took it; share held by women. */
		roles: Record<
			'reader' | 'timekeeper' | 'notetaker',
			BySex & { total: number; womenShare: number | null }
		>;
		/** Offices listed in the workbooks' `organisation.governance` officers. */
		officers: BySex & { total: number; womenShare: number | null };
	};
	/**
	 * Live virtual sessions of the cohorts in scope held by the reference date (not cancelled):
	 * members present over members enrolled (not withdrawn) at each, by sex.
	 */
	live: {
		sessions: number;
		present: BySex & { total: number };
		expected: BySex & { total: number };
		rate: number | null;
	};
}

export type { AgeBandKey };
