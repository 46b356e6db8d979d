// Runs after the bundle (npm run compile): compiles the JSON Schemas into validation code beside it, so that no
// run of the CLI compiles them, not even the first one with an empty cache folder (src/validate/schema.ts).
import { writeShippedValidators } from '../dist/validate/schema.js';

writeShippedValidators();
