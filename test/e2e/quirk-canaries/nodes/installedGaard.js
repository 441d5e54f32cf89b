'use strict';
/**
 * The n8n-nodes-gaard that n8n loaded, beside this package in n8n's nodes folder: the canaries
 * check n8n's behaviour raw, and then with the package's own handling of it.
 */
const gaard = (file) => require(`n8n-nodes-gaard/dist/nodes/Gaard/${file}`);

module.exports = {
	quirks: () => gaard('n8nQuirks.js'),
	errors: () => gaard('transport/errors.js'),
	multipart: () => gaard('transport/multipart.js'),
};
