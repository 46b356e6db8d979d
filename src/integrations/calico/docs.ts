import type { Docs } from '../../model/index.js';

export const docs: Docs = { prerequisites: [], installation: [] };
