import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { syncLiveReminders } from '../outbox/plan-reminders';
import { laPazInstant } from '../../domain/live-session';
import { createAccount } from '../auth/create-account';
import { getCurriculum } from '../curriculum/get-curriculum';
import type { Curriculum } from '../curriculum/schema';
import type { Db } from './client';
import {
	cohort,
	cooperative,
	enrolment,
	federation,
	liveSession,
	person,
	programme,
	team
} from './schema';
import { seedDemoFollowUp } from './seed-demo-follow-up';
import { seedDemoRuns, type DemoTeam } from './seed-demo-runs';

export const DEMO_PASSWORD = 'minka-demo';

/** The demo accounts, one per role; printed at start-up and listed in the README. */
export const DEMO_ACCOUNTS = [
	{ username: 'admin', password: DEMO_PASSWORD, label: 'admin' },
	{ username: 'coordinadora', password: DEMO_PASSWORD, label: 'coordinator (Vice Ministry)' },
	{ username: 'facilitador', password: DEMO_PASSWORD, label: 'facilitator (Cohorte 1)' },
	{ username: 'fencomin', password: DEMO_PASSWORD, label: 'federation focal point (FENCOMIN)' },
	{ username: 'ferreco', password: DEMO_PASSWORD, label: 'federation focal point (FERRECO)' },
	{ username: 'dirigente', password: DEMO_PASSWORD, label: 'cooperative lead (Estrella del Sur)' },
	{
		username: 'presidente',
		password: DEMO_PASSWORD,
		label: 'cooperative lead (Cerro Rico Unificada, follows up its Action Plan)'
	},
	{ username: 'socia', password: DEMO_PASSWORD, label: 'participant (Estrella del Sur)' }
] as const;

const federations = [
	{
		shortName: 'FENCOMIN',
		name: 'Federación Nacional de Cooperativas Mineras de Bolivia',
		level: 'national',
		department: null
	},
	{
		shortName: 'FERRECO',
		name: 'Federación Regional de Cooperativas Mineras Auríferas',
		level: 'regional',
		department: 'LP'
	},
	{
		shortName: 'FECOMAN',
		name: 'Federación de Cooperativas Mineras Auríferas del Norte',
		level: 'regional',
		department: 'LP'
	}
] as const;

type Member = [given: string, surnames: string, sex: 'F' | 'M', born: number, role: string];

const cooperatives: Array<{
	fed: string;
	name: string;
	shortName: string;
	registry: string;
	minerals: string[];
	department: string;
	municipality: string;
	women: number;
	men: number;
	members: Member[];
}> = [
	{
		fed: 'FENCOMIN',
		name: 'Cooperativa Minera Estrella del Sur Ltda.',
		shortName: 'Estrella del Sur',
		registry: 'REC-PT-0412',
		minerals: ['tin'],
		department: 'PT',
		municipality: 'Llallagua',
		women: 38,
		men: 212,
		members: [
			['Teodoro', 'Choque Mamani', 'M', 1971, 'Presidente del Consejo de Administración'],
			['Justina', 'Condori Flores', 'F', 1985, 'Palliri'],
			['Eusebio', 'Quispe Colque', 'M', 1979, 'Tesorero'],
			['Martha', 'Apaza Huanca', 'F', 1990, 'Socia'],
			['Rogelio', 'Mamani Cruz', 'M', 1968, 'Presidente del Consejo de Vigilancia'],
			['Felipa', 'Chambi Ticona', 'F', 1982, 'Secretaria de actas']
		]
	},
	{
		fed: 'FENCOMIN',
		name: 'Cooperativa Minera Cerro Rico Unificada Ltda.',
		shortName: 'Cerro Rico Unificada',
		registry: 'REC-PT-0157',
		minerals: ['silver', 'zinc', 'lead'],
		department: 'PT',
		municipality: 'Potosí',
		women: 61,
		men: 540,
		members: [
			['Germán', 'Flores Gutiérrez', 'M', 1975, 'Presidente del Consejo de Administración'],
			['Rosa', 'Ayala Cruz', 'F', 1987, 'Palliri'],
			['Cirilo', 'Colque Vargas', 'M', 1983, 'Socio'],
			['Benita', 'Mamani Choque', 'F', 1978, 'Guarda'],
			['Hilarión', 'Nina Copa', 'M', 1992, 'Socio']
		]
	},
	{
		fed: 'FENCOMIN',
		name: 'Cooperativa Minera Poopó Unido Ltda.',
		shortName: 'Poopó Unido',
		registry: 'REC-OR-0233',
		minerals: ['tin', 'silver'],
		department: 'OR',
		municipality: 'Poopó',
		women: 22,
		men: 140,
		members: [
			['Saturnino', 'Huarachi Lima', 'M', 1970, 'Presidente del Consejo de Administración'],
			['Lidia', 'Villca Challapa', 'F', 1988, 'Socia'],
			['Wilfredo', 'Gutiérrez Mollo', 'M', 1981, 'Encargado de seguridad'],
			['Petrona', 'Quispe Alanoca', 'F', 1976, 'Palliri']
		]
	},
	{
		fed: 'FERRECO',
		name: 'Cooperativa Minera Aurífera Tipuani Nueva Esperanza Ltda.',
		shortName: 'Nueva Esperanza',
		registry: 'REC-LP-1093',
		minerals: ['gold'],
		department: 'LP',
		municipality: 'Tipuani',
		women: 15,
		men: 96,
		members: [
			['Nicanor', 'Laura Quispe', 'M', 1974, 'Presidente del Consejo de Administración'],
			['Gladys', 'Ticona Mamani', 'F', 1991, 'Tesorera'],
			['Ramiro', 'Cusi Poma', 'M', 1986, 'Socio'],
			['Elena', 'Aruquipa Calle', 'F', 1984, 'Socia'],
			['Fortunato', 'Yujra Limachi', 'M', 1965, 'Socio fundador']
		]
	},
	{
		fed: 'FECOMAN',
		name: 'Cooperativa Minera Aurífera Río Mapiri Ltda.',
		shortName: 'Río Mapiri',
		registry: 'REC-LP-1377',
		minerals: ['gold'],
		department: 'LP',
		municipality: 'Mapiri',
		women: 9,
		men: 74,
		members: [
			['Edwin', 'Callisaya Mendoza', 'M', 1980, 'Presidente del Consejo de Administración'],
			['Sonia', 'Marca Huanca', 'F', 1993, 'Socia'],
			['Julián', 'Tarqui Mamani', 'M', 1977, 'Responsable de medio ambiente'],
			['Celia', 'Poma Quisbert', 'F', 1989, 'Socia'],
			['Alberto', 'Chura Apaza', 'M', 1972, 'Socio']
		]
	},
	{
		fed: 'FECOMAN',
		name: 'Cooperativa Minera Aurífera Guanay Dorado Ltda.',
		shortName: 'Guanay Dorado',
		registry: 'REC-LP-1412',
		minerals: ['gold'],
		department: 'LP',
		municipality: 'Guanay',
		women: 12,
		men: 58,
		members: [
			['Vicente', 'Mollinedo Ramos', 'M', 1969, 'Presidente del Consejo de Administración'],
			['Ana María', 'Gutiérrez Quispe', 'F', 1986, 'Secretaria de actas'],
			['Froilán', 'Huanca Laura', 'M', 1990, 'Socio'],
			['Remedios', 'Calle Cusi', 'F', 1983, 'Socia'],
			['Gregorio', 'Mamani Yujra', 'M', 1975, 'Socio']
		]
	}
];

/**
 * Loads the demo programme, organisations, members, one account per role, and the group sessions
 * of two teams (`seed-demo-runs.ts`), dated before `now`.
 */
export async function seedDemo(
	db: Db,
	opts: { now?: Date; curriculum?: Curriculum } = {}
): Promise<void> {
	const now = opts.now ?? new Date();
	const curriculum = opts.curriculum ?? (await getCurriculum());
	await db.transaction(async (tx) => {
		const fedIds = new Map<string, string>();
		for (const f of federations) {
			const [row] = await tx
				.insert(federation)
				.values({ name: f.name, shortName: f.shortName, level: f.level, department: f.department })
				.returning({ id: federation.id });
			fedIds.set(f.shortName, row!.id);
		}
		const [prog] = await tx
			.insert(programme)
			.values({
				name: 'Fortalecimiento de cooperativas mineras',
				description: 'Think.COOP y Start.COOP para socias y socios de cooperativas mineras.',
				startsOn: '2026-03-02',
				endsOn: '2026-12-18'
			})
			.returning({ id: programme.id });
		const [coh] = await tx
			.insert(cohort)
			.values({
				programmeId: prog!.id,
				name: 'Cohorte 1',
				startsOn: '2026-09-07',
				endsOn: '2026-12-04',
				capacity: 250,
				courses: ['think-coop', 'start-coop']
			})
			.returning({ id: cohort.id });

		let ciSeq = 4_120_500;
		let firstCoop = '';
		const people = new Map<string, string>();
		const teams = new Map<string, DemoTeam>();
		for (const c of cooperatives) {
			const [coop] = await tx
				.insert(cooperative)
				.values({
					federationId: fedIds.get(c.fed)!,
					name: c.name,
					shortName: c.shortName,
					registryNumber: c.registry,
					minerals: c.minerals,
					department: c.department,
					municipality: c.municipality,
					membersWomen: c.women,
					membersMen: c.men
				})
				.returning({ id: cooperative.id });
			firstCoop ||= coop!.id;
			const [t] = await tx
				.insert(team)
				.values({ cohortId: coh!.id, cooperativeId: coop!.id, name: c.shortName })
				.returning({ id: team.id });
			const demoTeam: DemoTeam = { teamId: t!.id, cooperativeId: coop!.id, members: [] };
			teams.set(c.shortName, demoTeam);
			for (const [given, surnames, sex, born, role] of c.members) {
				ciSeq += 7919;
				const [p] = await tx
					.insert(person)
					.values({
						cooperativeId: coop!.id,
						givenNames: given,
						surnames,
						sex,
						birthDate: `${born}-0${(ciSeq % 9) + 1}-1${ciSeq % 9}`,
						ciNumber: String(ciSeq),
						ciExtension: c.department,
						phone: `+5917${String(ciSeq).slice(-7)}`,
						roleInCooperative: role
					})
					.returning({ id: person.id });
				people.set(`${given} ${surnames}`, p!.id);
				demoTeam.members.push({ personId: p!.id, sex });
				await tx
					.insert(enrolment)
					.values({ cohortId: coh!.id, personId: p!.id, cooperativeId: coop!.id, teamId: t!.id });
			}
		}

		const account = async (
			username: string,
			name: string,
			grants: Parameters<typeof createAccount>[1]['grants'],
			personId?: string
		) => {
			// A member's account carries the member's phone, so sign-in by phone works too.
			const [p] = personId ? await tx.select().from(person).where(eq(person.id, personId)) : [];
			return createAccount(
				tx,
				{ username, name, password: DEMO_PASSWORD, grants, personId, phone: p?.phone },
				null
			);
		};
		await account('admin', 'Administración Minka', [{ role: 'admin' }]);
		const coordinator = await account('coordinadora', 'Carmen Rojas Salazar', [
			{ role: 'coordinator' }
		]);
		const facilitator = await account('facilitador', 'Marcelo Aguilar Terán', [
			{ role: 'facilitator', cohortId: coh!.id }
		]);
		await account('fencomin', 'Ramiro Choque Villca', [
			{ role: 'federation_focal_point', federationId: fedIds.get('FENCOMIN')! }
		]);
		await account('ferreco', 'Nelly Mamani Quisbert', [
			{ role: 'federation_focal_point', federationId: fedIds.get('FERRECO')! }
		]);
		await account(
			'dirigente',
			'Teodoro Choque Mamani',
			[{ role: 'cooperative_lead', cooperativeId: firstCoop }, { role: 'participant' }],
			people.get('Teodoro Choque Mamani')
		);
		await account(
			'socia',
			'Justina Condori Flores',
			[{ role: 'participant' }],
			people.get('Justina Condori Flores')
		);

		// Estrella del Sur (dirigente's and socia's team) has not started: the tour starts there.
		await seedDemoRuns(tx, {
			curriculum,
			cohortId: coh!.id,
			programmeId: prog!.id,
			done: teams.get('Cerro Rico Unificada')!,
			midway: teams.get('Poopó Unido')!,
			facilitatorUserId: facilitator.id,
			now
		});
		// Cerro Rico Unificada's lead, who reports how its Action Plan is going after the course.
		const cerroRico = teams.get('Cerro Rico Unificada')!;
		const lead = await account(
			'presidente',
			'Germán Flores Gutiérrez',
			[{ role: 'cooperative_lead', cooperativeId: cerroRico.cooperativeId }],
			people.get('Germán Flores Gutiérrez')
		);
		await seedDemoFollowUp(tx, {
			cohortId: coh!.id,
			programmeId: prog!.id,
			cooperativeId: cerroRico.cooperativeId,
			coordinatorUserId: coordinator.id,
			facilitatorUserId: facilitator.id,
			leadUserId: lead.id,
			now
		});
		const HOUR = 3_600_000;
		// The cohort's weekly question time, live, three days after the demo is loaded at 19:00 in
		// La Paz: members see it on their home page.
		const day = new Date(now.getTime() - 4 * HOUR + 3 * 24 * HOUR).toISOString().slice(0, 10);
		const [live] = await tx
			.insert(liveSession)
			.values({
				cohortId: coh!.id,
				clientId: randomUUID(),
				title: 'Preguntas de la semana',
				startsAt: laPazInstant(day, '19:00'),
				durationMinutes: 60,
				meetingUrl: 'https://meet.jit.si/minka-cohorte-1-preguntas',
				agenda: 'Dudas de las sesiones de grupo y del cuaderno de trabajo.',
				createdBy: facilitator.id
			})
			.returning({ id: liveSession.id });
		// Its reminders wait in the outbox (no channel is configured in the demo): /admin/outbox.
		await syncLiveReminders(tx, live!.id, now);
	});
}
