// The demo's Cerro Rico Unificada studied the feasibility of its zinc flotation plant in the
// workbook ahead of Start.COOP's module 2: the five areas, a verdict for each, the risks and the
// decision to go on. Stored as the workbook page saves it (money in centavos). An example, not
// advice: rates, prices and procedures must be checked.

/** The people a section names, by position in the team (the first team's members). */
type Who = (i: number) => string;

const bs = (n: number) => Math.round(n * 100);

/** The feasibility study's sections, by key, as the workbook holds them. */
export function demoFeasibility(who: Who): Record<string, Record<string, unknown>> {
	return {
		'feasibility.market': {
			product:
				'Concentrado de zinc (alrededor de 48 %) con algo de plata, de nuestra propia planta de flotación.',
			buyers: [
				{
					buyer: 'Comercializadora de concentrados en Potosí',
					buyerType: 'trader',
					requirements: 'Ley mínima de 45 %, lotes de 10 t, pago a 15 días'
				},
				{
					buyer: 'Exportadora por Arica',
					buyerType: 'exporter',
					requirements: 'Lotes de 30 t, análisis de laboratorio, contrato por 6 meses'
				}
			],
			demand: 'Las dos compran todo lo que podamos entregar: 30 t al mes es poco para ellas.',
			priceTrend:
				'El zinc subió y bajó mucho en los últimos cinco años. Calculamos con un precio prudente.',
			competitors: [
				{
					competitor: 'Ingenios privados de la zona',
					theirStrength: 'Ya tienen la planta y compran al contado',
					ourStrength: 'El valor queda en los socios y pagamos según la ley del mineral'
				}
			],
			channels: 'En volqueta hasta Potosí; la comercializadora recoge en el ingenio.',
			reachBuyers: 'Pedir tres ofertas por escrito y vender como cooperativa, no cada socio.',
			senarecom: 'Registrar cada venta con su formulario y guardar las liquidaciones.',
			sources: 'Precios de la semana, visita a dos comercializadoras y la federación.'
		},
		'feasibility.operations': {
			location: 'Terreno de la cooperativa en la sección Pailaviri, junto al camino.',
			areaRights: 'ajam-contract',
			process: 'Chancado, molienda, flotación por etapas, secado del concentrado y embolsado.',
			equipment: [
				{ item: 'Celdas de flotación', quantity: 6, notes: 'Usadas, reacondicionadas' },
				{ item: 'Molino de bolas', quantity: 1, notes: '' }
			],
			inputs: 'Reactivos de flotación, agua reciclada del dique, energía eléctrica.',
			workforce: [
				{
					task: 'Operar la planta',
					people: 6,
					risks: 'Polvo, ruido, reactivos',
					controls: 'Ventilación, protectores, capacitación y ropa de trabajo'
				}
			],
			environmentalLicence: 'Falta: el trámite empieza cuando tengamos el terreno aprobado.',
			waste: 'Colas al dique con geomembrana; el agua vuelve a la planta.',
			mercuryPlan: 'No usamos mercurio: la flotación no lo necesita.'
		},
		'feasibility.organisation': {
			legalForm: 'existing-cooperative',
			management: 'Un encargado de planta que responde al Consejo de Administración.',
			skillsAvailable: 'Socios que trabajaron en ingenios; un tesorero con experiencia.',
			skillsMissing: 'Contabilidad de la planta y control de calidad del concentrado.',
			governance: 'La Asamblea aprueba el plan; el Consejo de Vigilancia revisa las cuentas.',
			memberCommitment: [
				{
					member: who(0),
					capital: bs(3_500),
					work: 'Coordinar la obra',
					use: 'Todo su mineral'
				},
				{ member: who(1), capital: bs(3_500), work: 'Secretaría y actas', use: 'Su mineral' }
			]
		},
		'feasibility.social': {
			incomes: 'Los socios venden su mineral a mejor precio y sin intermediario.',
			jobs: 8,
			womenJobs: 3,
			women: 'Dos palliris en el control de calidad; una socia en el comité de la planta.',
			community: 'Menos volquetas hasta la ciudad; agua reciclada, no se bota al río.',
			environment: 'Dique de colas con geomembrana y agua reciclada; sin mercurio.',
			osh: 'Polvo y reactivos: ventilación, protectores y capacitación antes de empezar.',
			childLabour:
				'Nadie menor de 18 años entra a la planta; lo controla el Consejo de Vigilancia.',
			socialSecurity:
				'Los operadores se inscriben en la Caja Nacional de Salud desde el primer mes.'
		},
		'feasibility.decision': {
			marketVerdict: 'feasible',
			operationsVerdict: 'doubtful',
			organisationVerdict: 'feasible',
			financesVerdict: 'feasible',
			socialVerdict: 'doubtful',
			conditions:
				'Producción: tener la licencia ambiental antes de comprar las celdas. Personas y ambiente: capacitar a los operadores en reactivos antes de empezar.',
			risks: [
				{
					risk: 'Que baje el precio del zinc',
					seriousness: 4,
					mitigation: 'Calcular con un precio prudente y guardar una reserva',
					responsible: who(2)
				},
				{
					risk: 'Que la licencia ambiental tarde',
					seriousness: 3,
					mitigation: 'Empezar el trámite este mes, con apoyo de la federación',
					responsible: who(0)
				},
				{
					risk: 'Accidentes con reactivos',
					seriousness: 4,
					mitigation: 'Capacitación, ropa de trabajo y un botiquín en la planta',
					responsible: who(3)
				}
			],
			finalDecision: 'go',
			reasons:
				'El mercado compra lo que produzcamos, los números dan y la planta deja el valor en los socios. Hay que cumplir las dos condiciones.',
			nextSteps: 'Preparar el plan de negocio y llevarlo a la Asamblea.'
		}
	};
}
