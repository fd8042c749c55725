#!/usr/bin/env node
// The command line is TypeScript in src/cli; tsx loads it, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
