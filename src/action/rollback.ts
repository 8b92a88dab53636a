import { run } from './run-rollback.js';

void run();
