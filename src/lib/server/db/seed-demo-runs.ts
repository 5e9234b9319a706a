// The demo's group sessions: one team that has done Think.COOP and Start.COOP's first module,
// one in the middle of a session, the others not started. Rows are written straight into the
// run tables, as the player would have left them, with dates before `now`.
import { randomUUID } from 'node:crypto';
import type { Activity, Curriculum, Question } from '../curriculum/schema';
import { contentIri, recordEvents, type LearningEventInput } from '../learning/record-event';
import type { Executor } from './client';
import { demoFeasibility } from './seed-demo-feasibility';
import { demoFinancialPlan } from './seed-demo-finance';
import { demoOrganisation } from './seed-demo-organisation';
import {
	activityResponse,
	planComment,
	planReviewEvent,
	planRevision,
	planSection,
	runAttendance,
	runCheckin,
	runDecision,
	runNote,
	runRole,
	sessionRun,
	testAttempt,
	workbook
} from './schema';

export interface DemoMember {
	personId: string;
	sex: 'F' | 'M';
}
export interface DemoTeam {
	teamId: string;
	cooperativeId: string;
	members: DemoMember[];
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** What the note-taker wrote, by `<session>/<activity>`. */
const notes: Record<string, string> = {
	'good-relationships/getting-to-know':
		'Somos cinco socios de la sección Pailaviri. Tres trabajamos en interior mina y dos son palliris. Lo que más nos preocupa es el precio que nos paga el comprador.',
	'good-relationships/closing':
		'Aprendimos que dependemos de muchas personas: la comercializadora, el ingenio, las familias. Vamos a reunirnos los jueves a las 18:00.',
	'horizontal-vertical/what-stories-say':
		'Con el comprador la relación es vertical: él pone el precio. Entre socios de la sección es horizontal, pero no hablamos lo suficiente.',
	'horizontal-vertical/bundle-of-sticks':
		'Un palito se rompe solo, el atado no. Doña Rosa contó cómo las palliris juntaron su mineral y lograron mejor ley.',
	'horizontal-vertical/closing':
		'Queremos más relaciones horizontales: con otras secciones y con la cooperativa vecina.',
	'collective-action/rio-claro':
		'Río Claro ganó porque vendió junto. Nosotros podríamos hacer lo mismo con el concentrado de zinc.',
	'collective-action/closing':
		'Actuar juntos cuesta tiempo y confianza. Vale la pena si cada uno cumple lo que promete.',
	'business-structures/cooperative-or-company':
		'En una sociedad comercial manda el capital. En la cooperativa cada socio tiene un voto. Algunos dijeron que en la práctica mandan pocos.',
	'business-structures/closing':
		'La cooperativa nos conviene, pero tenemos que hacerla funcionar como cooperativa de verdad.',
	'doing-business-together/our-cooperative':
		'Cumplimos bien la puerta abierta. Fallamos en educación e información: muchos socios no conocen el estatuto.',
	'doing-business-together/closing':
		'Terminamos Think.COOP. Decidimos mejorar nuestra cooperativa y seguir con Start.COOP para estudiar un ingenio propio.',
	'core-members/our-core-group':
		'El grupo central serán Germán, Rosa y Cirilo. Benita y Hilarión apoyan con la información de la sección.',
	'core-members/closing':
		'Nos falta saber de contabilidad y de comercialización. Vamos a pedir ayuda a la federación.',
	'business-idea/problems':
		'Problemas: mal precio del concentrado, ingenio lejos y caro, poca seguridad en interior mina. Oportunidad: el precio del zinc subió.',
	'business-idea/closing':
		'Elegimos estudiar un ingenio propio para la sección. En el módulo 2 veremos si es factible.'
};

/** What the group wrote in worksheets with fields of their own, by `<session>/<activity>`. */
function ownWorksheet(key: string): Record<string, unknown> | undefined {
	const rows = (col: string, items: string[]) => items.map((v) => ({ [col]: v }));
	const sheets: Record<string, Record<string, unknown>> = {
		'good-relationships/group-agreements': {
			agreements: rows('agreement', [
				'Llegamos a la hora',
				'Todos hablan, nadie interrumpe',
				'Lo que se dice aquí se respeta',
				'Si alguien falta, avisa'
			]),
			meetingPlace: 'Los jueves a las 18:00, en la sede de la sección Pailaviri'
		},
		'good-relationships/relationship-map': {
			relationships: [
				{ who: 'La comercializadora', gives: 'Compra nuestro concentrado', strength: 2 },
				{ who: 'El ingenio', gives: 'Procesa el mineral', strength: 2 },
				{ who: 'Nuestras familias', gives: 'Nos apoyan cada día', strength: 5 },
				{ who: 'La federación', gives: 'Nos representa ante el gobierno', strength: 3 },
				{ who: 'Los compañeros de la sección', gives: 'Trabajamos juntos en la veta', strength: 4 }
			],
			mostImportant: 'La comercializadora es la más importante y la que más debemos mejorar.'
		},
		'horizontal-vertical/classify': {
			classification: [
				{ who: 'La comercializadora', kind: 'vertical', setsTerms: 'Ella', effect: 'both' },
				{ who: 'El ingenio', kind: 'vertical', setsTerms: 'El dueño del ingenio', effect: 'harms' },
				{
					who: 'Otras secciones',
					kind: 'horizontal',
					setsTerms: 'Nadie, lo acordamos',
					effect: 'helps'
				},
				{ who: 'La federación', kind: 'vertical', setsTerms: 'La federación', effect: 'helps' },
				{ who: 'Las palliris', kind: 'horizontal', setsTerms: 'Entre todas', effect: 'helps' }
			],
			conclusions: 'Tenemos más relaciones verticales. Estamos débiles al vender.'
		},
		'collective-action/benefits-costs': {
			benefits: [
				{ benefit: 'Mejor precio', example: 'Vender el concentrado juntos', importance: 5 },
				{ benefit: 'Más seguridad', example: 'Comprar equipo de protección juntos', importance: 4 },
				{ benefit: 'Aprender', example: 'Compartir lo que sabe cada uno', importance: 3 }
			],
			costs: [
				{ cost: 'Tiempo para reuniones', willing: 'yes' },
				{ cost: 'Aportar dinero al inicio', willing: 'unsure' },
				{ cost: 'Rendir cuentas a los demás', willing: 'yes' }
			],
			conclusion: 'Sí, los beneficios pesan más si todos cumplen.'
		},
		'business-structures/comparison-grid': {
			grid: [
				{
					form: 'sole-trader',
					owners: 'Uno solo',
					control: 'El dueño',
					profit: 'El dueño',
					liability: 'El dueño',
					capital: 'Sus ahorros',
					fit: 1
				},
				{
					form: 'association',
					owners: 'Los miembros',
					control: 'La directiva',
					profit: 'No reparte',
					liability: 'La asociación',
					capital: 'Cuotas',
					fit: 2
				},
				{
					form: 'company',
					owners: 'Los accionistas',
					control: 'El que más capital tiene',
					profit: 'Según el capital',
					liability: 'La sociedad',
					capital: 'Los accionistas',
					fit: 2
				},
				{
					form: 'cooperative',
					owners: 'Los socios',
					control: 'La Asamblea, un socio un voto',
					profit: 'Según el trabajo',
					liability: 'La cooperativa',
					capital: 'Certificados de aportación',
					fit: 5
				}
			],
			bestFit: 'cooperative'
		},
		'doing-business-together/principles-check': {
			principles: [
				{ principle: 'open-membership', score: 4, evidence: 'Entran nuevos socios cada año' },
				{ principle: 'democratic-control', score: 3, evidence: 'Hay asamblea, pero votan pocos' },
				{
					principle: 'economic-participation',
					score: 3,
					evidence: 'Aportamos, pero no vemos las cuentas'
				},
				{ principle: 'autonomy', score: 4, evidence: 'Elegimos a nuestros dirigentes' },
				{ principle: 'education', score: 2, evidence: 'Pocos conocen el estatuto' },
				{ principle: 'cooperation', score: 3, evidence: 'Somos parte de la federación' },
				{ principle: 'community', score: 3, evidence: 'Apoyamos la escuela del barrio' }
			],
			weakest: 'Educación e información. Vamos a leer el estatuto por partes en cada asamblea.'
		}
	};
	return sheets[key];
}

const ACTION_PLAN_KEY = 'action-plan.activities';

/** The activities of the first team's Action Plan, as the workbook page saves them. */
function demoActionPlan(m: DemoMember[], now: Date): Record<string, unknown> {
	const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
	const who = (i: number) => m[i % m.length]!.personId;
	const row = (
		i: number,
		objective: string,
		activity: string,
		start: number,
		end: number,
		budget: number,
		indicator: string,
		baseline: string,
		target: string,
		verification: string
	) => ({
		objective,
		activity,
		responsible: who(i),
		startDate: day(start),
		endDate: day(end),
		budget: budget * 100,
		indicator,
		baseline,
		target,
		verification,
		status: 'planned'
	});
	// Two objectives: the plant, and safe work with social security for those who run it.
	const plant = 'Instalar la planta de flotación';
	const safe = 'Trabajo seguro y con seguro social';
	return {
		activities: [
			row(
				0,
				plant,
				'Aprobar en asamblea el plan de la planta de flotación',
				20,
				35,
				500,
				'Acta de asamblea con el plan aprobado',
				'Ningún acta',
				'1 acta',
				'Libro de actas'
			),
			row(
				1,
				plant,
				'Pedir el crédito al fondo de apoyo a la minería cooperativa',
				30,
				90,
				2_000,
				'Solicitud presentada',
				'Sin solicitud',
				'Bs 560.000 aprobados',
				'Carta de aprobación del fondo'
			),
			row(
				2,
				safe,
				'Capacitar a los operadores de la planta en seguridad y manejo de reactivos',
				60,
				75,
				0,
				'Operadores capacitados',
				'0 de 6',
				'6 de 6',
				'Lista de asistencia y certificado'
			),
			row(
				3,
				safe,
				'Inscribir a los operadores de la planta en la seguridad social',
				60,
				90,
				1_200,
				'Operadores con seguro de corto y largo plazo',
				'1 de 6',
				'6 de 6',
				'Planillas de aportes'
			)
		]
	};
}

/** What the group wrote into the workbook, by section. */
function workbookData(section: string, m: DemoMember[], now: Date): Record<string, unknown> {
	const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
	const [a, b, c, d] = [m[0]!, m[1]!, m[2]!, m[3] ?? m[0]!];
	switch (section) {
		case 'think.decision':
			return {
				decision: 'yes',
				focus: ['improve-cooperative', 'joint-processing'],
				reasons:
					'Vendemos mal porque cada uno vende solo. Si la cooperativa funciona mejor, podemos procesar juntos.',
				changes: [
					{
						change: 'Leer el estatuto en cada asamblea de sección',
						responsible: a.personId,
						when: day(30)
					},
					{
						change: 'Informar de las cuentas cada tres meses',
						responsible: c.personId,
						when: day(60)
					}
				],
				nextSteps: 'Seguir con Start.COOP para estudiar un ingenio de la sección.',
				reviewDate: day(90)
			};
		case 'core-group.competencies':
			return {
				competenciesNeeded: [
					'leadership',
					'bookkeeping',
					'technical-mining',
					'marketing-negotiation'
				],
				otherCompetencies: 'Conocer el proceso de flotación',
				qualitiesNeeded: 'Honradez, puntualidad y ganas de aprender',
				matrix: [
					{ member: a.personId, competency: 'leadership', level: 'has' },
					{ member: b.personId, competency: 'records', level: 'partly' },
					{ member: c.personId, competency: 'technical-mining', level: 'has' },
					{ member: d.personId, competency: 'bookkeeping', level: 'missing' }
				],
				gaps: [
					{ competency: 'bookkeeping', howToFill: 'train', detail: 'Curso de contabilidad básica' },
					{
						competency: 'marketing-negotiation',
						howToFill: 'advice',
						detail: 'Apoyo de la federación'
					}
				],
				roles: [
					{ member: a.personId, role: 'Coordinador', tasks: 'Convoca y dirige las reuniones' },
					{
						member: b.personId,
						role: 'Secretaria',
						tasks: 'Lleva las actas y la lista de asistencia'
					},
					{ member: c.personId, role: 'Responsable técnico', tasks: 'Averigua costos del ingenio' }
				]
			};
		case 'core-group.common-needs':
			return {
				needs: [
					{
						problem: 'Mal precio del concentrado',
						membersAffected: 120,
						womenAffected: 15,
						seriousness: 5,
						rootCauses: 'Cada uno vende solo al intermediario',
						solvableTogether: 'yes',
						rank: 1
					},
					{
						problem: 'El ingenio está lejos y cobra caro',
						membersAffected: 90,
						womenAffected: 10,
						seriousness: 4,
						rootCauses: 'No tenemos planta propia',
						solvableTogether: 'yes',
						rank: 2
					},
					{
						problem: 'Poco equipo de protección',
						membersAffected: 200,
						womenAffected: 20,
						seriousness: 4,
						rootCauses: 'Cada socio lo compra solo',
						solvableTogether: 'partly',
						rank: 3
					}
				],
				chosenNeed: 'Vender mejor nuestro concentrado de zinc y plata'
			};
		case 'core-group.business-idea':
			return {
				ideas: [
					{
						idea: 'Ingenio propio de la sección',
						meetsNeed: 5,
						marketDemand: 4,
						memberSkills: 3,
						capital: 2,
						mineralAccess: 5,
						legalFeasibility: 4,
						risk: 3,
						decentWork: 4,
						womenBenefits: 4,
						total: 34
					},
					{
						idea: 'Venta conjunta a la fundición',
						meetsNeed: 4,
						marketDemand: 4,
						memberSkills: 3,
						capital: 4,
						mineralAccess: 5,
						legalFeasibility: 4,
						risk: 4,
						decentWork: 3,
						womenBenefits: 3,
						total: 34
					},
					{
						idea: 'Tienda de equipo de protección',
						meetsNeed: 2,
						marketDemand: 3,
						memberSkills: 3,
						capital: 3,
						mineralAccess: 1,
						legalFeasibility: 5,
						risk: 4,
						decentWork: 4,
						womenBenefits: 3,
						total: 28
					}
				],
				chosenIdea: 'Ingenio propio de la sección',
				why: 'Nos da más valor por el mineral y trabajo cerca de casa.'
			};
		default:
			return {};
	}
}

/** The right answer, or a wrong one (for a demo that is not all perfect scores). */
function answerOf(q: Question, right: boolean): unknown {
	if (right) return q.answer;
	if (typeof q.answer === 'boolean') return !q.answer;
	if (Array.isArray(q.answer)) return q.answer.slice(0, -1);
	return q.options.find((o) => o.id !== q.answer)?.id ?? q.answer;
}

function scoreOf(questions: Question[], answers: Record<string, unknown>): number {
	return questions.filter((q) => JSON.stringify(answers[q.id]) === JSON.stringify(q.answer)).length;
}

/** Proposes the person who has held a role least, in member order: a fair rotation. */
function leastUsed(present: DemoMember[], counts: Map<string, number>, not: string[] = []) {
	const pool = present.filter((p) => !not.includes(p.personId));
	const pick = pool.reduce((best, p) =>
		(counts.get(p.personId) ?? 0) < (counts.get(best.personId) ?? 0) ? p : best
	);
	counts.set(pick.personId, (counts.get(pick.personId) ?? 0) + 1);
	return pick.personId;
}

export async function seedDemoRuns(
	tx: Executor,
	opts: {
		curriculum: Curriculum;
		cohortId: string;
		programmeId: string;
		/** The team that has done Think.COOP and Start.COOP module 1. */
		done: DemoTeam;
		/** The team in the middle of Think.COOP session 1. */
		midway: DemoTeam;
		/** The cohort's facilitator, who is reviewing the first team's Action Plan. */
		facilitatorUserId: string;
		now: Date;
	}
): Promise<void> {
	const { curriculum, done, midway, now } = opts;
	const v = curriculum.version;
	const events: LearningEventInput[] = [];
	const ctxOf = (t: DemoTeam) => ({
		team: t.teamId,
		cohort: opts.cohortId,
		cooperative: t.cooperativeId
	});

	const [wb] = await tx
		.insert(workbook)
		.values({ cooperativeId: done.cooperativeId, programmeId: opts.programmeId })
		.returning({ id: workbook.id });

	// The sessions done, one a week, the last four days ago, at 18:00 in Bolivia (22:00 UTC).
	const plan: Array<{ course: string; module: string; session: string }> = [];
	for (const slug of ['think-coop', 'start-coop']) {
		const course = curriculum.course(slug)!;
		const modules = slug === 'think-coop' ? course.modules : course.modules.slice(0, 1);
		for (const m of modules)
			for (const s of m.sessions) plan.push({ course: slug, module: m.slug, session: s.slug });
	}
	const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
	const startOf = (k: number) =>
		new Date(midnight - (4 + (plan.length - 1 - k) * 7) * DAY + 22 * 60 * MIN);

	const roleCounts = {
		timekeeper: new Map<string, number>(),
		notetaker: new Map<string, number>(),
		reader: new Map<string, number>()
	};
	const runs: (typeof sessionRun.$inferInsert)[] = [];
	const attendance: (typeof runAttendance.$inferInsert)[] = [];
	const roles: (typeof runRole.$inferInsert)[] = [];
	const noteRows: (typeof runNote.$inferInsert)[] = [];
	const responses: (typeof activityResponse.$inferInsert)[] = [];
	const decisions: (typeof runDecision.$inferInsert)[] = [];
	const checkins: (typeof runCheckin.$inferInsert)[] = [];
	const sections = new Map<
		string,
		{ data: Record<string, unknown>; runId: string | null; at: Date }[]
	>();

	for (const [k, p] of plan.entries()) {
		const session = curriculum.session(p.course, p.module, p.session)!;
		const id = randomUUID();
		const started = startOf(k);
		// One member misses two of the sessions (they can catch up on their own).
		const present = done.members.filter((_, i) => !((k === 1 && i === 1) || (k === 4 && i === 4)));
		const guests = k === 2 ? 2 : 0;
		const timekeeper = leastUsed(present, roleCounts.timekeeper);
		const notetaker = leastUsed(present, roleCounts.notetaker, [timekeeper]);
		const object = contentIri(v, p.course, p.module, p.session);
		events.push({
			key: `run:${id}:initialized`,
			userId: null,
			personId: null,
			verb: 'initialized',
			objectType: 'session',
			objectId: object,
			context: ctxOf(done),
			at: started
		});
		for (const m of present) {
			attendance.push({ runId: id, personId: m.personId, recordedAt: started });
			events.push({
				key: `run:${id}:attended:${m.personId}`,
				userId: null,
				personId: m.personId,
				verb: 'attended',
				objectType: 'session',
				objectId: object,
				context: ctxOf(done),
				at: started
			});
		}
		for (const [role, personId] of [
			['timekeeper', timekeeper],
			['notetaker', notetaker]
		] as const) {
			roles.push({ runId: id, role, step: -1, personId, assignedAt: started });
			events.push({
				key: `run:${id}:role:${role}`,
				userId: null,
				personId,
				verb: 'roleTaken',
				objectType: 'session',
				objectId: object,
				result: { extensions: { role } },
				context: ctxOf(done),
				at: started
			});
		}
		let t = started.getTime() + 5 * MIN;
		for (const [i, a] of session.activities.entries()) {
			const at = new Date(t);
			const key = `${p.session}/${a.slug}`;
			const stepIri = contentIri(v, p.course, p.module, p.session, a.slug);
			if (a.type === 'read')
				roles.push({
					runId: id,
					role: 'reader',
					step: i,
					personId: leastUsed(present, roleCounts.reader),
					assignedAt: at
				});
			if ((a.type === 'discuss' || a.type === 'reflect') && notes[key])
				noteRows.push({ runId: id, step: i, text: notes[key]!, updatedAt: at });
			if (a.type === 'quiz') {
				const answers = Object.fromEntries(
					a.questions.map((q, j) => [q.id, answerOf(q, (j + k) % 5 !== 3)])
				);
				const score = scoreOf(a.questions, answers);
				responses.push({
					runId: id,
					step: i,
					data: answers,
					score,
					maxScore: a.questions.length,
					updatedAt: at
				});
				events.push({
					key: `run:${id}:answered:${i}`,
					userId: null,
					personId: null,
					verb: 'answered',
					objectType: 'activity',
					objectId: stepIri,
					result: { score: { raw: score, max: a.questions.length } },
					context: ctxOf(done),
					at
				});
			}
			if (a.type === 'worksheet') {
				if (a.workbook) {
					const list = sections.get(a.workbook.key) ?? [];
					list.push({ data: workbookData(a.workbook.key, done.members, now), runId: id, at });
					sections.set(a.workbook.key, list);
				} else {
					const data = ownWorksheet(key);
					if (data) responses.push({ runId: id, step: i, data, updatedAt: at });
				}
			}
			if (a.type === 'decide') {
				const option = a.options[0]!.id;
				const vote = a.workbook !== undefined;
				const yes = present.length - 1;
				decisions.push({
					runId: id,
					step: i,
					method: vote ? 'vote' : 'consensus',
					optionId: option,
					votesYes: vote ? yes : null,
					votesNo: vote ? 0 : null,
					votesAbstain: vote ? 1 : null,
					reasons: vote
						? 'Casi todos estuvieron de acuerdo. Una socia se abstuvo: quiere ver primero las cuentas.'
						: 'Es la idea con más puntos y la que más ayuda a vender mejor.',
					decidedAt: at
				});
				events.push({
					key: `run:${id}:decided:${i}`,
					userId: null,
					personId: null,
					verb: vote ? 'voted' : 'decided',
					objectType: 'activity',
					objectId: stepIri,
					result: { response: option, ...(vote ? { extensions: { yes, no: 0, abstain: 1 } } : {}) },
					context: ctxOf(done),
					at
				});
				if (a.workbook) {
					const list = sections.get(a.workbook.key) ?? [];
					list.push({ data: workbookData(a.workbook.key, done.members, now), runId: id, at });
					sections.set(a.workbook.key, list);
				}
			}
			t += stepMinutes(a) * MIN;
		}
		const completed = new Date(t + 5 * MIN);
		for (const [j, m] of present.entries())
			checkins.push({
				runId: id,
				personId: m.personId,
				score: (j + k) % 4 === 0 ? 2 : 3,
				at: completed
			});
		events.push({
			key: `run:${id}:completed`,
			userId: null,
			personId: null,
			verb: 'completed',
			objectType: 'session',
			objectId: object,
			result: { completion: true },
			context: ctxOf(done),
			at: completed
		});
		runs.push({
			id,
			teamId: done.teamId,
			cohortId: opts.cohortId,
			course: p.course,
			module: p.module,
			session: p.session,
			contentVersion: v,
			mode: 'group',
			stage: 'done',
			status: 'completed',
			step: session.activities.length - 1,
			version: session.activities.length + 3,
			stepStartedAt: new Date(t - stepMinutes(session.activities.at(-1)!) * MIN),
			guests,
			startedAt: started,
			updatedAt: completed,
			completedAt: completed
		});
	}

	// The other team is on the third step of its first session, started 40 minutes ago.
	const midId = randomUUID();
	const midStart = new Date(now.getTime() - 40 * MIN);
	const first = curriculum.course('think-coop')!.modules[0]!;
	const firstSession = first.sessions[0]!;
	runs.push({
		id: midId,
		teamId: midway.teamId,
		cohortId: opts.cohortId,
		course: 'think-coop',
		module: first.slug,
		session: firstSession.slug,
		contentVersion: v,
		mode: 'group',
		stage: 'play',
		status: 'open',
		step: 2,
		version: 5,
		stepStartedAt: new Date(now.getTime() - 6 * MIN),
		guests: 1,
		startedAt: midStart,
		updatedAt: new Date(now.getTime() - 6 * MIN)
	});
	for (const m of midway.members)
		attendance.push({ runId: midId, personId: m.personId, recordedAt: midStart });
	roles.push(
		{
			runId: midId,
			role: 'timekeeper',
			step: -1,
			personId: midway.members[1]!.personId,
			assignedAt: midStart
		},
		{
			runId: midId,
			role: 'notetaker',
			step: -1,
			personId: midway.members[3]!.personId,
			assignedAt: midStart
		},
		{
			runId: midId,
			role: 'reader',
			step: 0,
			personId: midway.members[0]!.personId,
			assignedAt: midStart
		}
	);
	noteRows.push({
		runId: midId,
		step: 1,
		text: 'Somos cuatro de la cooperativa y una invitada. Dos trabajamos en interior mina y dos somos palliris.',
		updatedAt: new Date(now.getTime() - 10 * MIN)
	});
	events.push({
		key: `run:${midId}:initialized`,
		userId: null,
		personId: null,
		verb: 'initialized',
		objectType: 'session',
		objectId: contentIri(v, 'think-coop', first.slug, firstSession.slug),
		context: ctxOf(midway),
		at: midStart
	});

	await tx.insert(sessionRun).values(runs);
	await tx.insert(runAttendance).values(attendance);
	await tx.insert(runRole).values(roles);
	await tx.insert(runNote).values(noteRows);
	await tx.insert(activityResponse).values(responses);
	await tx.insert(runDecision).values(decisions);
	await tx.insert(runCheckin).values(checkins);

	// Drafted on the workbook page, outside any session (source "workbook", no run).
	const member = (i: number) => done.members[i % done.members.length]!.personId;
	for (const [key, data] of Object.entries(demoFeasibility(member)))
		sections.set(key, [{ data, runId: null, at: new Date(now.getTime() - 3 * DAY) }]);
	sections.set('business-plan.financial', [
		{ data: demoFinancialPlan(), runId: null, at: new Date(now.getTime() - 2 * DAY) }
	]);
	sections.set(ACTION_PLAN_KEY, [
		{
			data: demoActionPlan(done.members, now),
			runId: null,
			at: new Date(now.getTime() - 2 * DAY)
		}
	]);
	for (const [key, data] of Object.entries(demoOrganisation(done.members, now)))
		sections.set(key, [{ data, runId: null, at: new Date(now.getTime() - DAY) }]);
	// Each save of a workbook section is a revision; the section holds the last one.
	const revisions: (typeof planRevision.$inferInsert)[] = [];
	const current: (typeof planSection.$inferInsert)[] = [];
	for (const [sectionKey, saves] of sections) {
		for (const [i, s] of saves.entries())
			revisions.push({
				clientId: randomUUID(),
				workbookId: wb!.id,
				sectionKey,
				revision: i + 1,
				data: s.data,
				source: s.runId ? 'session' : 'workbook',
				runId: s.runId,
				savedAt: s.at
			});
		const last = saves.at(-1)!;
		current.push({
			workbookId: wb!.id,
			sectionKey,
			data: last.data,
			revision: saves.length,
			source: last.runId ? 'session' : 'workbook',
			runId: last.runId,
			updatedAt: last.at
		});
	}
	await tx.insert(planRevision).values(revisions);
	// The Action Plan's activities are with the facilitator, who has left one comment on them.
	await tx
		.insert(planSection)
		.values(
			current.map((c) =>
				c.sectionKey === ACTION_PLAN_KEY ? { ...c, status: 'submitted' as const } : c
			)
		);
	const submittedAt = new Date(now.getTime() - DAY);
	await tx.insert(planReviewEvent).values({
		clientId: randomUUID(),
		workbookId: wb!.id,
		sectionKey: ACTION_PLAN_KEY,
		kind: 'submitted',
		revision: 1,
		actorId: null,
		at: submittedAt
	});
	await tx.insert(planComment).values({
		clientId: randomUUID(),
		workbookId: wb!.id,
		sectionKey: ACTION_PLAN_KEY,
		fieldId: 'activities',
		revision: 1,
		body: 'La capacitación en seguridad no tiene presupuesto: ¿quién la paga y cuánto cuesta? Pongan también cuántos socios se inscriben en la seguridad social.',
		authorId: opts.facilitatorUserId,
		createdAt: new Date(submittedAt.getTime() + 3 * 60 * MIN)
	});

	// Pre-tests before each course's first session; Think.COOP's post-test after its last.
	const attempts: (typeof testAttempt.$inferInsert)[] = [];
	const test = (
		course: string,
		kind: 'pre' | 'post',
		team: DemoTeam,
		members: DemoMember[],
		at: Date,
		skill: number
	) => {
		const c = curriculum.course(course)!;
		const questions = (kind === 'pre' ? c.preTest : c.postTest).questions;
		for (const [j, m] of members.entries()) {
			const answers = Object.fromEntries(
				questions.map((q, n) => [q.id, answerOf(q, (n * 7 + j * 3) % 10 < skill)])
			);
			const score = scoreOf(questions, answers);
			const id = randomUUID();
			const submittedAt = new Date(at.getTime() + (j + 1) * 3 * MIN);
			attempts.push({
				id,
				personId: m.personId,
				cohortId: opts.cohortId,
				course,
				kind,
				contentVersion: v,
				answers,
				score,
				maxScore: questions.length,
				startedAt: at,
				submittedAt
			});
			events.push({
				key: `test:${id}:scored`,
				userId: null,
				personId: m.personId,
				verb: 'scored',
				objectType: 'assessment',
				objectId: contentIri(v, course, `${kind}-test`),
				result: { score: { raw: score, max: questions.length }, completion: true },
				// As a real hand-in records it: the member's cooperative and team too, so a
				// federation's xAPI key sees it.
				context: {
					cohort: opts.cohortId,
					cooperative: team.cooperativeId,
					team: team.teamId,
					attempt: id,
					contentVersion: v
				},
				at: submittedAt
			});
		}
	};
	const thinkFirst = startOf(0);
	const startFirst = startOf(plan.findIndex((p) => p.course === 'start-coop'));
	test('think-coop', 'pre', done, done.members, new Date(thinkFirst.getTime() - DAY), 5);
	test(
		'think-coop',
		'post',
		done,
		done.members.slice(0, 3),
		new Date(startFirst.getTime() - 2 * DAY),
		8
	);
	test('start-coop', 'pre', done, done.members, new Date(startFirst.getTime() - DAY), 6);
	test(
		'think-coop',
		'pre',
		midway,
		midway.members.slice(0, 2),
		new Date(midStart.getTime() - DAY),
		5
	);
	await tx.insert(testAttempt).values(attempts);

	await recordEvents(tx, events);
}

/** Minutes a step took: its duration, a little more for worksheets (groups write slowly). */
function stepMinutes(a: Activity): number {
	return a.type === 'worksheet' ? a.duration + 5 : a.duration;
}
