/**
 * Each test file against a real n8n (jest's setupFilesAfterEnv for the e2e, browser and queue
 * projects): a test may wait on n8n for up to two minutes, beyond jest's default.
 */
jest.setTimeout(120_000);
