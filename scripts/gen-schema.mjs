// Writes the JSON Schema of .credential-hygiene.json from the zod schema (the single source of truth).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { z } = require('zod');
const { ConfigSchema } = require('../out/src/core/config/schema.js');

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/credential-hygiene.schema.json', JSON.stringify(z.toJSONSchema(ConfigSchema, { io: 'input' }), null, 2) + '\n');
console.log('wrote schemas/credential-hygiene.schema.json');
