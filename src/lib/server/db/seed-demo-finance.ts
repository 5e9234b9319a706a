// The demo's Cerro Rico Unificada drafted its financial plan in the workbook ahead of Start.COOP's
// module 3: a small zinc flotation plant in Potosí. Stored as the workbook page saves it (money in
// centavos). Prices and rates are an example, not advice.

const bs = (n: number) => Math.round(n * 100);

export const demoFinancialPlan = (): Record<string, unknown> => ({
	investments: [
		{
			item: 'Celdas de flotación y molino de bolas (usados, reacondicionados)',
			amount: bs(520_000),
			month: 1,
			usefulLife: 8
		},
		{ item: 'Obras civiles, tanques y tuberías', amount: bs(160_000), month: 2, usefulLife: 10 },
		{ item: 'Dique de colas con geomembrana', amount: bs(140_000), month: 2, usefulLife: 10 },
		{ item: 'Ventiladores y equipo de protección', amount: bs(45_000), month: 1, usefulLife: 3 },
		{ item: 'Licencia ambiental y trámites', amount: bs(25_000), month: 1, usefulLife: 0 }
	],
	workingCapital: bs(150_000),
	members: 120,
	contributionPerMember: bs(3_500),
	loans: [
		{
			lender: 'Fondo de Apoyo a la Minería Cooperativa',
			principal: bs(560_000),
			ratePercent: 9,
			termMonths: 48,
			graceMonths: 6
		}
	],
	grants: [
		{ source: 'Gobierno Autónomo Departamental de Potosí (dique de colas)', amount: bs(70_000) }
	],
	minerals: [
		{
			name: 'Concentrado de zinc',
			unit: 't',
			unitsPerMonth: 30,
			gradePercent: 48,
			finePriceUsd: 2_800,
			exchangeRate: 6.96,
			variableCost: bs(6_000),
			growthPercent: 3
		}
	],
	salesStartMonth: 3,
	rampUpMonths: 3,
	fixedCosts: [
		{ item: 'Sueldos de operadores de planta (6)', amountPerMonth: bs(21_000) },
		{ item: 'Seguridad social de los operadores', amountPerMonth: bs(4_400) },
		{ item: 'Mantenimiento y repuestos', amountPerMonth: bs(6_500) },
		{ item: 'Energía (cargo fijo)', amountPerMonth: bs(3_800) },
		{ item: 'Administración y contabilidad', amountPerMonth: bs(5_000) },
		{ item: 'Monitoreo del agua y de las colas', amountPerMonth: bs(1_500) }
	],
	royaltyPercent: 3,
	healthFundPercent: 1.8,
	federationPercent: 1,
	otherDeductionsPercent: 1,
	discountRatePercent: 12,
	reservesPercent: 20,
	educationPercent: 5,
	socialPercent: 10,
	returnPercent: 65,
	breakEven:
		'Con 16 toneladas al mes cubrimos los gastos fijos; podemos procesar 30. La caja está justa en los meses 2 y 3: no gastar el capital de trabajo en otra cosa.'
});
