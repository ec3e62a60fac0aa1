/** The parts of `npm run bench`: bench/run.ts runs the first five, bench/serve.ts the last. */
export const MAIN_SECTIONS = ['calendar', 'replay', 'storage', 'cli'] as const;
const ALL_SECTIONS = [...MAIN_SECTIONS, 'store', 'serve'];

/**
 * The parts to run: `npm run bench -- store` is the store's alone; otherwise BENCH_ONLY
 * (a comma-separated list), or all of them.
 * @example benchSections(['node', 'run.js'], { BENCH_ONLY: 'replay, serve' }) // Set { 'replay', 'serve' }
 */
export function benchSections(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Set<string> {
  const list = argv[2] === 'store' ? 'store' : (env.BENCH_ONLY ?? ALL_SECTIONS.join(','));
  return new Set(list.split(',').map((part) => part.trim()));
}
