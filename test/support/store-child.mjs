// A process the crash tests kill with SIGKILL: it opens a store (argv[2], JSON options)
// from the built package and does one job (argv[3]), printing a line per acknowledged step.
import { openDossierStore, simulatedClock } from '../../dist/store/index.js';

const options = JSON.parse(process.argv[2]);
const job = process.argv[3];
const clockAt = options.clockAt;
delete options.clockAt;
const opened = await openDossierStore(clockAt === undefined ? options : { ...options, clock: simulatedClock(Date.parse(clockAt)) });
if (!opened.ok) {
  process.stderr.write(`${opened.error.code}: ${opened.error.message}\n`);
  process.exit(3);
}
const store = opened.store;
process.stdout.write('open\n');

if (job === 'intake') {
  // Every step is retried with the same idempotency key after a restart, as a webhook sender would.
  const dossiers = Number(process.argv[4]);
  const input = { training: { start: '2026-05-04', end: '2026-05-15' }, identityActivatedAt: '2026-03-01T10:00:00+01:00' };
  const steps = [
    { type: 'SUBMIT', at: '2026-03-02T12:00:00+01:00' },
    { type: 'ORGANISATION_ACCEPTS', at: '2026-03-03T12:00:00+01:00' },
    { type: 'HOLDER_VALIDATES', at: '2026-03-04T12:00:00+01:00' },
  ];
  for (let d = 0; d < dossiers; d++) {
    const id = `crash-${d}`;
    const created = await store.create(id, input);
    if (!created.ok) throw new Error(created.error.message);
    for (const [s, event] of steps.entries()) {
      const applied = await store.apply(id, event, { idempotencyKey: `${id}-${s}` });
      if (!applied.ok) throw new Error(applied.error.message);
      process.stdout.write(`ack ${id} ${s}\n`);
    }
  }
} else if (job === 'catch-up') {
  const scheduler = await new Promise((resolve) => {
    const loop = store.startScheduler({
      batchSize: 5,
      pollMs: 10,
      onReport(report) {
        if (!report.ok) throw new Error(report.error.message);
        process.stdout.write(`woke ${report.woke}\n`);
        if (report.woke === 0) resolve(loop);
      },
    });
  });
  await scheduler.stop();
}
await store.close();
process.stdout.write('done\n');
