// Entry of the recorder thread (see thread-recorder.ts): a worker thread does not inherit the main
// thread's TypeScript loader, so it registers tsx itself before importing its TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
