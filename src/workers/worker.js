// A worker thread of the pool: it does not inherit the TypeScript loader, so it registers it, then loads the tasks.
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./tasks.ts');
export default runTask;
