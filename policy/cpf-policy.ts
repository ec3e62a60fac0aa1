import type { CalendarDate } from '../calendar/index.js';

/**
 * Every number of the rules, in one place, each with the sentence it comes from
 * (shared/spec/seed-tutorial.md, quoted; rules.md for the decisions). A rule change is
 * a change of one line here.
 */
export const CPF_POLICY = {
  identity: {
    /** « Délai d'activation : 24h » */
    activationDelayMs: 24 * 60 * 60 * 1000,
    /** « Activer l'Identité Numérique en choisissant un code à 4 chiffres » */
    codeDigits: 4,
  },
  registration: {
    /** « Délai d'inscription : 11 jours ouvrés avant le début de la formation » */
    minWorkingDaysBeforeStart: 11,
  },
  organisation: {
    /** « L'organisme de formation reçoit la demande, il dispose de 2 jours ouvrés pour répondre » */
    responseWorkingDays: 2,
  },
  holder: {
    /** « vous disposez de 4 jours ouvrés pour vérifier le dossier et le valider » */
    validationWorkingDays: 4,
  },
  declarations: {
    /** « Déclarer son entrée en formation dans les 3 jours ouvrés » */
    entryWorkingDays: 3,
    /** « À la fin de la formation, déclarer sa sortie de formation dans les 3 jours ouvrés » */
    exitWorkingDays: 3,
  },
  cancellation: {
    /** « Si le dossier a été validé depuis moins de 14 jours ouvrés … vos droits CPF sont restitués » */
    freeWhileValidatedForLessThanWorkingDays: 14,
    /**
     * « … ou si la formation débute dans plus de 7 jours ouvrés » / « Si la formation démarre
     * dans moins de 7 jours : vos droits CPF sont débités ». rules.md decides that a start
     * exactly 7 working days away is charged: free only when strictly more than 7.
     */
    freeWhenStartIsMoreThanWorkingDays: 7,
  },
  evaluation: {
    /** « Evaluer la qualité de la prestation »; rules.md: a rating is an integer 1..5 */
    minRating: 1,
    maxRating: 5,
  },
} as const;

/** One row of the flat participation ("participation forfaitaire") table. */
export interface ParticipationRate {
  /** The rate applies to validations on or after this date (the calendar's zone). */
  from: CalendarDate;
  amountCents: number;
  source: string;
}

/**
 * « Un reste à charge de 102,23 € vous sera demandé au moment de la validation finale. »
 * Chosen by the date of validation; before the first row nothing was due. Newest last:
 * a yearly revaluation is one new row.
 */
export const PARTICIPATION_RATES: readonly ParticipationRate[] = [
  { from: '2024-05-02', amountCents: 10_000, source: 'décret n° 2024-394 du 29 avril 2024' },
  { from: '2025-01-01', amountCents: 10_223, source: 'the tutorial; arrêté du 26 décembre 2024' },
  { from: '2026-01-01', amountCents: 10_320, source: 'arrêté du 30 décembre 2025' },
];

/** Holders who pay no participation (rules.md section 4). */
export const EXEMPTIONS = ['job-seeker', 'employer-top-up', 'c2p', 'work-incapacity'] as const;
export type Exemption = (typeof EXEMPTIONS)[number];

/** How the Identité Numérique was verified: « en bureau de poste, à domicile par un facteur ou en ligne ». */
export const VERIFICATION_METHODS = ['post-office', 'postman', 'online'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
