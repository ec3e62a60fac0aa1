import { calendarDateOf, describeValue, formatInstant } from '../calendar/index.js';
import { identityUsableFrom } from '../guards/identity.js';
import type { DossierEvent, RejectionCode } from '../machines/types.js';
import { CPF_POLICY } from '../policy/cpf-policy.js';
import type { Dossier } from './dossier.js';
import { rejection } from './rejections.js';
import type { Rejection } from './rejections.js';

/** The sentence that goes with a code the machine refused an event with. */
export function explainRejection(code: RejectionCode, event: DossierEvent, dossier: Dossier): Rejection {
  const { calendar, training, deadlines, identity } = dossier.context;
  const when = formatInstant(event.at, calendar);
  const day = calendarDateOf(event.at, calendar);
  switch (code) {
    case 'IDENTITY_NOT_ACTIVE': {
      const why =
        identity.activatedAt === null
          ? `it is ${identity.state === 'notCreated' ? 'not created' : identity.state} and has no activation code yet`
          : `it was activated at ${formatInstant(identity.activatedAt, calendar)} and is usable only from ${formatInstant(identityUsableFrom(identity.activatedAt), calendar)} (24 hours later)`;
      return rejection(code, event.type, `SUBMIT at ${when}: the holder's Identité Numérique is not usable: ${why}`);
    }
    case 'TOO_LATE_TO_REGISTER':
      return rejection(
        code,
        event.type,
        `SUBMIT on ${day} is too late: registration closes ${CPF_POLICY.registration.minWorkingDaysBeforeStart} working days before the training starts on ${training.start}; the last day was ${deadlines.registration}`,
      );
    case 'TOO_EARLY':
      return event.type === 'EXIT_DECLARED'
        ? rejection(code, event.type, `EXIT_DECLARED on ${day} is too early: the training ends on ${training.end}`)
        : rejection(code, event.type, `ENTRY_DECLARED on ${day} is too early: the training starts on ${training.start}`);
    case 'INVALID_PAYLOAD':
      if (event.type === 'IDENTITY_ACTIVATED') {
        const got = typeof event.code === 'string' ? `${event.code.length} characters` : describeValue(event.code);
        return rejection(code, event.type, `IDENTITY_ACTIVATED 'code' must be a string of exactly 4 digits; got ${got}`, 'code');
      }
      if (event.type === 'EVALUATED') {
        return rejection(code, event.type, `EVALUATED 'rating' must be an integer from 1 to 5; got ${describeValue(event.rating)}`, 'rating');
      }
      return rejection(code, event.type, `${event.type} has an invalid payload`);
    case 'INVALID_IN_STATE': {
      if (event.type.startsWith('IDENTITY_') && dossier.state !== 'refused' && dossier.state !== 'expired' && dossier.state !== 'cancelled') {
        return rejection(code, event.type, `${event.type} at ${when} is not possible: the identity is ${identity.state}`);
      }
      const detail =
        dossier.statePath === 'finished.evaluated' && event.type === 'EVALUATED'
          ? ': the evaluation is already recorded'
          : dossier.context.reason
            ? ` (${dossier.context.reason})`
            : '';
      return rejection(code, event.type, `${event.type} at ${when} is not possible in state '${dossier.state}'${detail}`);
    }
    default:
      return rejection(code, event.type, `${event.type} at ${when} was refused: ${code}`);
  }
}
