/**
 * All that the two nodes and the credential give the editor, as test/unit/editor-descriptions.json
 * records it: display names, help texts, hints, placeholders, subtitles, what each parameter shows
 * with, the credential's test and its messages. Users read these words, and the docs and the
 * README's pictures show them: a change fails here so that it is made on purpose, the docs and
 * pictures with it (`npm run docs:screenshots`). The file is written again with
 * `WRITE_EDITOR_DESCRIPTIONS=1 npx jest test/unit/editorDescriptions.test.ts`, its diff reviewed.
 * What saved workflows depend on is publicInterface.test.ts's; whether the words follow n8n's
 * style, editorWording.test.ts's.
 */
import path from 'node:path';

import { GaardApi } from '../../credentials/GaardApi.credentials';
import { Gaard } from '../../nodes/Gaard/Gaard.node';
import { GaardTrigger } from '../../nodes/Gaard/GaardTrigger.node';
import { recordedAndNow } from '../helpers/recordedFile';

const { now, recorded } = recordedAndNow(
	path.join(__dirname, 'editor-descriptions.json'),
	{
		nodes: [new Gaard().description, new GaardTrigger().description],
		credentials: [{ ...new GaardApi() }],
	},
	'WRITE_EDITOR_DESCRIPTIONS',
);

it('gives the editor the descriptions recorded, word for word', () => {
	expect(now).toEqual(recorded);
});
