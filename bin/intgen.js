#!/usr/bin/env node
// Runs the CLI as compiled and bundled by `npm run compile` (which npm install runs): one file and its lazily
// loaded chunks start several times faster than the hundred-odd modules they are made of.
import '../dist/bundle/main.js';
