#!/usr/bin/env node
// Entry point for `npx bhr`: runs the TypeScript CLI through tsx without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
