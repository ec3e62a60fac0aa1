import { cpus } from 'node:os';
import { benchCalendar } from './calendar.js';
import { formatBenchTable } from './format.js';

/**
 * `npm run bench`: prints the Node version, the CPU, and the table of measurements.
 * It writes no file.
 */
const cores = cpus();
const rows = await benchCalendar();
process.stdout.write(`Node ${process.version}\n`);
process.stdout.write(`CPU ${cores[0]?.model.trim() ?? 'unknown'} (${cores.length} logical cores)\n\n`);
process.stdout.write(formatBenchTable(rows));
