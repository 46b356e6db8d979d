#!/usr/bin/env node
// Runs the compiled CLI (npm install / npm run build:ts compile src/ to dist/ once).
import '../dist/cli/main.js';
