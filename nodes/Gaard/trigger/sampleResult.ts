import type { GaardResult } from '../GaardResult';

/**
 * The example result of Gaard's webhook documentation, verbatim. The trigger emits it as a
 * sample (see the trigger's `setup` webhook) so users can map fields before a real alarm.
 */
export const SAMPLE_RESULT: GaardResult = {
	id: '6662f5c1f897618de43f0bbd',
	status: {
		classify: 'done',
		video: 'done',
	},
	parent_id: '000000000000000000000000',
	camera_id: '134188-VI08',
	analyse_id: 3373550353,
	tenant: 'tenant',
	duration: 2968236,
	duration_seconds: 2,
	model: 'noname',
	version: '2.0.16123',
	error_code: 0,
	error_msg: '',
	risk: 'intrusion',
	labels: ['intrusion', 'person'],
	result: 'classified',
	scores: {
		flag: 0.049,
		plant: 0.03,
		web: 0.009,
		NOTHING: 0.0005,
		intrusion: 0.973,
		person: 0.973,
		rain: 0.002,
		spider: 0.007,
		text: 0.0006,
		wind: 0.021,
		animal: 0.035,
		other: 0.028,
		vehicule: 0.101,
	},
	video: {
		videoname: 'video.mov',
		filename: 'video.mov',
		filesize: 786800,
		specs: {
			height: 320,
			'original.width': 640,
			duration: 4.217772,
			fps: 3.08,
			nframes: 13,
			'original.fps': 3,
			'original.height': 360,
			'original.nframes': 12,
			width: 568,
		},
	},
	metadata: {
		camera_id: 'VI08',
		site_id: 134188,
	},
	created_at: '2024-05-14T16:13:37.156+02:00',
	started_at: '2024-05-14T16:13:37.156+02:00',
};
