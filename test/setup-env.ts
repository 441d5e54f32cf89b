// Runs before each test file: n8n-core keeps its settings (encryption key, binary data) under
// N8N_USER_FOLDER, so every test run gets a fresh temporary one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'gaard-n8n-test-'));
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
process.env.N8N_LOG_LEVEL ??= 'silent';
