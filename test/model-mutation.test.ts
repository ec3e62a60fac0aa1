import { assign } from 'xstate';
import { describe, expect, it } from 'vitest';
import { calendarDateOf, dossierMachine, endOfDay, ruleOnCancellationRow, workingDaysBetween } from '../index.js';
import { runTestPaths } from '../testing.js';
import type { CancellationRow, DossierContext, DossierEvent } from '../index.js';
import type { TestPath, TestPathReport } from '../testing.js';
import { machineAdapter, testPathsOfMachine } from '../model/test-paths.js';
import { exampleAdapter } from './example-adapter/adapter.js';

/**
 * The mutation check: a copy of the machine with one rule deliberately broken must make
 * the generated tests fail. Two ways: the tests generated from the right model, run
 * against the broken machine, disagree with it; and the tests generated from the broken
 * machine disagree with rules.md (the independent reducer of test/example-adapter).
 */

type Implementations = Parameters<typeof dossierMachine.provide>[0];
type Guards = NonNullable<Implementations['guards']>;

const DAY = 86_400_000;

/**
 * Each HOLDER_CANCELS transition names its row of rules.md section 5, and the
 * recordCancellation action turns the row into rights and money. This mutant breaks the
 * action's table: a start exactly 7 working days away (a charged row) is treated as free.
 */
const offByOneCancellationAction = assign(({ context: machineContext, event: machineEvent }, params: { row: CancellationRow }) => {
  const context = machineContext as DossierContext;
  const event = machineEvent as DossierEvent;
  const forceMajeure = event.type === 'HOLDER_CANCELS' && event.forceMajeure;
  const ruling = ruleOnCancellationRow(params.row, context.money.paid, forceMajeure);
  const today = calendarDateOf(event.at, context.calendar);
  const paid = context.money.paid;
  const bug = ruling.row === 'charged' && workingDaysBetween(today, context.training.start, context.calendar) === 7;
  const outcome = bug ? { cpfRights: 'restored' as const, resteACharge: paid > 0 ? ('refunded' as const) : ('none' as const) } : ruling.outcome;
  const money = bug ? { paid, refunded: paid, credited: 0, debited: 0 } : ruling.money;
  return {
    endedAt: event.at,
    reason: ruling.reason,
    outcome,
    money,
    forceMajeure,
    cpfRights: outcome.cpfRights === 'untouched' ? context.cpfRights : outcome.cpfRights,
  };
});

const ACTION_MUTANT: Implementations = { actions: { recordCancellation: offByOneCancellationAction as never } };

const MUTANTS: Array<{ name: string; guards?: Guards; implementations?: Implementations }> = [
  {
    name: "cancellation outcome: the start 'more than 7 working days' away read as 'at least 7'",
    implementations: ACTION_MUTANT,
  },
  {
    name: "cancellation transition: the start 'more than 7 working days' away read as 'at least 7'",
    guards: {
      cancellationIsFree: ({ context, event }) => {
        const today = calendarDateOf(event.at, context.calendar);
        const validatedOn = calendarDateOf(context.validatedAt ?? event.at, context.calendar);
        return (
          workingDaysBetween(validatedOn, today, context.calendar) < 14 ||
          workingDaysBetween(today, context.training.start, context.calendar) >= 7 // the bug: > 7
        );
      },
    },
  },
  {
    name: "cancellation transition: validated 'less than 14 working days' ago read as 'at most 14'",
    guards: {
      cancellationIsFree: ({ context, event }) => {
        const today = calendarDateOf(event.at, context.calendar);
        const validatedOn = calendarDateOf(context.validatedAt ?? event.at, context.calendar);
        return (
          workingDaysBetween(validatedOn, today, context.calendar) <= 14 || // the bug: < 14
          workingDaysBetween(today, context.training.start, context.calendar) > 7
        );
      },
    },
  },
  {
    name: 'registration: 10 working days before the start instead of 11',
    guards: {
      tooLateToRegister: ({ context, event }) =>
        workingDaysBetween(calendarDateOf(event.at, context.calendar), context.training.start, context.calendar) < 10,
    },
  },
  {
    name: 'identity: usable only after the 24 hours, not from them',
    guards: {
      identityIsUsable: ({ context, event }) => context.identity.activatedAt !== null && event.at > context.identity.activatedAt + DAY,
    },
  },
  {
    name: 'deadlines: passed at their last millisecond',
    guards: {
      deadlinePassed: ({ context, event }, params: { deadline: 'organisationResponse' | 'holderValidation' }) => {
        const deadline = context.deadlines[params.deadline];
        return deadline !== undefined && event.at >= endOfDay(deadline, context.calendar);
      },
    },
  },
  {
    name: 'entry: declared on the start date refused as too early',
    guards: {
      trainingNotStarted: ({ context, event }) => calendarDateOf(event.at, context.calendar) <= context.training.start,
    },
  },
  {
    name: 'evaluation: a rating of 0 accepted',
    guards: {
      ratingIsValid: ({ event }) => event.type === 'EVALUATED' && Number.isInteger(event.rating) && event.rating >= 0 && event.rating <= 5,
    },
  },
];

function describeKill(report: TestPathReport): string {
  const m = report.mismatches[0];
  if (!m) return 'not killed';
  return `${report.failed}/${report.paths} paths fail; first: "${m.name}", step ${m.step} ${m.event?.type} at ${m.event?.at} (${m.label}): ${m.field} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`;
}

describe('mutation check: a broken rule makes the generated tests fail', () => {
  const paths: TestPath[] = testPathsOfMachine(dossierMachine);

  it('the unbroken machine passes every generated path (control)', async () => {
    const report = await runTestPaths(paths, machineAdapter(dossierMachine));
    expect(describeKill(report)).toBe('not killed');
  });

  for (const mutant of MUTANTS) {
    it(`kills the mutant: ${mutant.name}`, async () => {
      const broken = dossierMachine.provide(mutant.implementations ?? { guards: mutant.guards! });
      const report = await runTestPaths(paths, machineAdapter(broken));
      console.log(`mutant "${mutant.name}": ${describeKill(report)}`);
      expect(report.ok).toBe(false);
    });
  }

  it('the tests generated from the broken cancellation rule disagree with rules.md', async () => {
    const broken = dossierMachine.provide(ACTION_MUTANT);
    const brokenPaths = testPathsOfMachine(broken);
    const report = await runTestPaths(brokenPaths, exampleAdapter());
    console.log(`paths generated from the mutant, against the rules: ${describeKill(report)}`);
    expect(report.ok).toBe(false);
    expect(report.mismatches.some((m) => m.event?.type === 'HOLDER_CANCELS')).toBe(true);
  }, 30_000);
});
