/**
 * The simulator's deterministic classifier: the same file name and bytes always give the same
 * risk, labels and scores, so tests can predict them.
 *
 * A keyword in the file name picks the scenario (`intrusion-cam1.mp4` is an intrusion,
 * `rain.mov` is safe, `corrupt.mp4` is an error result); without one, the bytes' SHA-256 does.
 */

/** The score keys of Gaard's documented example payload (its spelling kept: `vehicule`). */
export const SCORE_LABELS = [
	'flag',
	'plant',
	'web',
	'NOTHING',
	'intrusion',
	'person',
	'rain',
	'spider',
	'text',
	'wind',
	'animal',
	'other',
	'vehicule',
] as const;

export interface Scenario {
	name: string;
	match: RegExp;
	risk: string;
	labels: string[];
	errorCode?: number;
	errorMsg?: string;
}

export const SCENARIOS: Scenario[] = [
	{
		name: 'intrusion',
		match: /intru|burglar|thief/i,
		risk: 'intrusion',
		labels: ['intrusion', 'person'],
	},
	{ name: 'person', match: /person|people|human/i, risk: 'intrusion', labels: ['person'] },
	{ name: 'vehicle', match: /vehic|car\b|truck/i, risk: 'danger', labels: ['vehicule'] },
	{ name: 'animal', match: /animal|cat\b|dog|fox/i, risk: 'safe', labels: ['animal'] },
	{ name: 'rain', match: /rain|storm/i, risk: 'safe', labels: ['rain'] },
	{ name: 'spider', match: /spider|web\b/i, risk: 'safe', labels: ['spider', 'web'] },
	{ name: 'wind', match: /wind|flag/i, risk: 'safe', labels: ['wind', 'flag'] },
	{ name: 'plant', match: /plant|tree|bush/i, risk: 'safe', labels: ['plant'] },
	{ name: 'nothing', match: /empty|nothing|quiet/i, risk: 'safe', labels: ['NOTHING'] },
	{
		name: 'error',
		match: /corrupt|broken|unreadable/i,
		risk: '',
		labels: [],
		errorCode: 2,
		errorMsg: 'video could not be decoded',
	},
];

export interface Classification {
	scenario: string;
	risk: string;
	labels: string[];
	scores: Record<string, number>;
	errorCode: number;
	errorMsg: string;
	result: string;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Classifies a video from its file name and the SHA-256 (hex) of its bytes. */
export function classify(filename: string, sha256: string): Classification {
	const bytes = Buffer.from(sha256.padEnd(64, '0').slice(0, 64), 'hex');
	const byName = SCENARIOS.find((scenario) => scenario.match.test(filename));
	const chooseable = SCENARIOS.filter((scenario) => scenario.errorCode === undefined);
	const scenario = byName ?? chooseable[bytes[0] % chooseable.length];
	if (scenario.errorCode !== undefined) {
		return {
			scenario: scenario.name,
			risk: '',
			labels: [],
			scores: {},
			errorCode: scenario.errorCode,
			errorMsg: scenario.errorMsg ?? 'error',
			result: 'error',
		};
	}
	// The labels found, and the risk when it is a score key too, score high; the rest low.
	const high = [...scenario.labels, scenario.risk];
	const scores: Record<string, number> = {};
	SCORE_LABELS.forEach((label, index) => {
		const noise = bytes[(index + 1) % bytes.length] / 255;
		scores[label] = high.includes(label) ? round3(0.9 + noise * 0.09) : round3(noise * 0.05);
	});
	return {
		scenario: scenario.name,
		risk: scenario.risk,
		labels: [...scenario.labels],
		scores,
		errorCode: 0,
		errorMsg: '',
		result: 'classified',
	};
}
