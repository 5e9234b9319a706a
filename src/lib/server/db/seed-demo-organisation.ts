// The demo's Cerro Rico Unificada has started on its organisation ahead of Start.COOP's module 4:
// its governance bodies and who holds office, part of its bylaws (discipline and disputes are
// still empty, so the draft shows what is missing), its policies and two AFCOOP steps done.
// Stored as the workbook page saves it. The texts are an example, not legal advice.
import type { DemoMember } from './seed-demo-runs';

const DAY = 24 * 60 * 60_000;

/** The organisation part's sections, by key, as saved data. */
export function demoOrganisation(
	m: DemoMember[],
	now: Date
): Record<string, Record<string, unknown>> {
	const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
	const who = (i: number) => m[i % m.length]!.personId;
	return {
		'organisation.governance': {
			bodies: [
				{
					body: 'Asamblea General',
					powers:
						'Aprueba el estatuto, las cuentas y el plan de trabajo; elige y revoca a los consejeros.',
					meetingFrequency: 'Dos veces al año, y cuando la convoquen',
					decisionRule: 'Mayoría de los socios presentes; un socio, un voto'
				},
				{
					body: 'Consejo de Administración',
					members: 5,
					termYears: 2,
					powers:
						'Dirige el trabajo diario, representa a la cooperativa y cumple lo que decide la asamblea.',
					meetingFrequency: 'Cada semana',
					decisionRule: 'Por mayoría, con acta firmada'
				},
				{
					body: 'Consejo de Vigilancia',
					members: 3,
					termYears: 2,
					powers: 'Revisa las cuentas y controla que se cumpla el estatuto.',
					meetingFrequency: 'Cada mes',
					decisionRule: 'Por mayoría, con acta firmada'
				},
				{
					body: 'Tribunal de Honor',
					members: 3,
					termYears: 2,
					powers: 'Atiende las faltas de los socios y propone sanciones a la asamblea.',
					meetingFrequency: 'Cuando hay un caso',
					decisionRule: 'Por mayoría'
				},
				{
					body: 'Comité de Educación',
					members: 3,
					termYears: 1,
					powers: 'Organiza la capacitación de socios y peones en seguridad y cooperativismo.',
					meetingFrequency: 'Cada mes',
					decisionRule: 'Por consenso'
				}
			],
			officers: [
				{
					body: 'administration-council',
					person: who(0),
					position: 'Presidente',
					termEnd: day(400)
				},
				{ body: 'administration-council', person: who(2), position: 'Tesorero', termEnd: day(400) },
				{ body: 'oversight-council', person: who(3), position: 'Presidenta', termEnd: day(400) },
				{ body: 'honour-tribunal', person: who(4), position: 'Vocal', termEnd: day(400) },
				{ body: 'education-committee', person: who(1), position: 'Secretaria', termEnd: day(200) }
			]
		},
		'organisation.bylaws': {
			nameAddressDuration:
				'Cooperativa Minera Cerro Rico Unificada Ltda., con domicilio en la ciudad de Potosí. Su duración es indefinida.',
			purpose:
				'Explotar, procesar y vender plata, zinc y plomo en las áreas de la cooperativa, con trabajo seguro y cuidando el agua.',
			valuesPrinciples:
				'Ayuda mutua, igualdad y transparencia. Adhesión libre, control democrático (un socio, un voto), educación y compromiso con la comunidad.',
			admission:
				'Pide su ingreso por escrito al Consejo de Administración, trabaja tres meses a prueba y la asamblea lo admite.',
			rightsDuties:
				'Derechos: votar, ser elegido, recibir su parte del excedente e información de las cuentas.\nObligaciones: trabajar con seguridad, pagar sus aportes y asistir a las asambleas.',
			membershipEnd:
				'Por renuncia, exclusión, expulsión, abandono del trabajo por más de seis meses o fallecimiento.',
			contributionCertificates:
				'Cada socio tiene certificados de aportación por Bs 3.500. Se devuelven al salir, después del balance del año.',
			governanceElections:
				'La Asamblea General elige a los consejeros por voto secreto. Nadie ocupa el mismo cargo más de dos períodos seguidos.',
			surplusReserves:
				'Del excedente se separan primero las reservas y los fondos de ley; el resto se reparte según el trabajo de cada socio.',
			amendments:
				'Solo una asamblea extraordinaria convocada para eso, con dos tercios de los socios presentes.',
			dissolution:
				'Por decisión de la asamblea o por ley. Pagadas las deudas y devueltos los aportes, lo que sobra va a la federación.'
		},
		'organisation.policies': {
			osh: 'Equipo de protección para todos, ventilación revisada cada semana y un botiquín en cada bocamina. El Comité de Seguridad controla y da cuenta a la asamblea.',
			oshStatus: 'approved',
			gender:
				'Al menos una mujer en cada consejo. Reuniones antes de las 18:00. Pago justo a las palliris por su mineral.',
			genderStatus: 'draft',
			environment:
				'No usamos mercurio. Monitoreo del agua cada mes y dique de colas con geomembrana.',
			environmentStatus: 'draft',
			childLabourStatus: 'none',
			socialSecurity:
				'Inscribir a los operadores de la planta en la Caja Nacional de Salud y buscar un seguro para los peones.',
			socialSecurityStatus: 'draft'
		},
		'organisation.registration': {
			steps: [
				{
					step: 'Registrar en la AFCOOP al nuevo Consejo de Administración',
					done: 'done',
					date: day(-40),
					notes: 'Arancel de referencia Bs 300 — consulten el vigente en la AFCOOP'
				},
				{
					step: 'Registrar en la AFCOOP al nuevo Consejo de Vigilancia',
					done: 'done',
					date: day(-40)
				},
				{
					step: 'Inscribir a los 12 socios nuevos',
					done: 'pending',
					date: day(30),
					notes: 'Bs 10 por persona como referencia — consulten el vigente en la AFCOOP'
				},
				{
					step: 'Presentar la reforma del estatuto aprobada en asamblea',
					done: 'pending',
					date: day(90)
				}
			]
		}
	};
}
