import { run } from './run-heal.js';

void run();
