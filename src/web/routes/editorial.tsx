import type { FastifyInstance } from 'fastify';
import type { RecordStore } from '../../store/store.ts';
import type { AuthOptions } from '../auth.ts';
import { registerAccounts } from './accounts.tsx';
import { registerCompanyDecisions } from './company-decisions.tsx';
import { registerRecordEditing } from './record-editing.tsx';
import { registerSignIn } from './sign-in.tsx';

/** The pages researchers and editors work in, one module a job. */
export function registerEditorial(app: FastifyInstance, store: RecordStore, options: AuthOptions): void {
  registerSignIn(app, store, options);
  registerRecordEditing(app, store);
  registerCompanyDecisions(app, store);
  registerAccounts(app, store);
}
