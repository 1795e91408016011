#!/usr/bin/env node
// The `reclaim` command: dist/cli.js once built (the harness is src/, the report stage report/).
import './src/cli.js';
