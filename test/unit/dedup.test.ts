import type { IDataObject } from 'n8n-workflow';

import { remember, wasSeen } from '../../nodes/Gaard/trigger/dedup';

describe('the deduplication window', () => {
	it('is found again in the static data by a process that did not see the id (after a restart)', () => {
		const staticData: IDataObject = {};
		remember({ trigger: 'process-a', staticData, size: 3 }, 'r1');
		expect(wasSeen({ trigger: 'process-b', staticData, size: 3 }, 'r1')).toBe(true);
		expect(wasSeen({ trigger: 'process-b', staticData, size: 3 }, 'r2')).toBe(false);
	});

	it('forgets the oldest ids beyond its size, in the process and in the static data', () => {
		const staticData: IDataObject = {};
		const window = { trigger: 'process-c', staticData, size: 2 };
		for (const id of ['a', 'b', 'c']) remember(window, id);
		expect(['a', 'b', 'c'].map((id) => wasSeen(window, id))).toEqual([false, true, true]);
		expect(wasSeen({ ...window, trigger: 'process-d' }, 'a')).toBe(false);
	});

	it('keys ids so that none can name an object property', () => {
		const staticData: IDataObject = {};
		const window = { trigger: 'process-e', staticData, size: 5 };
		expect(wasSeen(window, 'constructor')).toBe(false);
		expect(wasSeen(window, 'hasOwnProperty')).toBe(false);
		remember(window, 'toString');
		expect(wasSeen({ ...window, trigger: 'process-f' }, 'toString')).toBe(true);
	});
});
