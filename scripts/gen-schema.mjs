// Writes the JSON Schemas of .credential-hygiene.json and credentials.yaml from their zod schemas
// (the single source of truth).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { z } = require('zod');
const { ConfigSchema } = require('../out/src/core/config/schema.js');
const { RegisterSchema } = require('../out/src/core/ownership/schema.js');

mkdirSync('schemas', { recursive: true });
for (const [file, schema] of [['credential-hygiene.schema.json', ConfigSchema], ['credentials.schema.json', RegisterSchema]]) {
  writeFileSync(`schemas/${file}`, JSON.stringify(z.toJSONSchema(schema, { io: 'input' }), null, 2) + '\n');
  console.log(`wrote schemas/${file}`);
}
