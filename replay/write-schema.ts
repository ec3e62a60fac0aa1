import { mkdirSync, writeFileSync } from 'node:fs';
import { scenarioJsonSchemaText } from './scenario-schema.js';

// `npm run schema`: writes schema/scenario.schema.json from the lists the reader checks against.
const out = new URL('../../schema/scenario.schema.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, scenarioJsonSchemaText());
console.log(`wrote ${out.pathname}`);
