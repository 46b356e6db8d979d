// Runs after the bundle (npm run compile): compiles the JSON Schemas into validation code (src/validate/schema.ts)
// and the docs page's Handlebars templates into template code (src/outputs/docs/render.ts) beside it, so that no
// run of the CLI compiles them, not even the first one with an empty cache folder.
import { writeShippedValidators } from '../dist/validate/schema.js';
import { writeShippedDocsTemplates } from '../dist/outputs/docs/render.js';

writeShippedValidators();
writeShippedDocsTemplates();
