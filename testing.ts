/**
 * cpf-dossier/testing: model-based testing, the model as timed test paths for another
 * system (model/README.md). Apart from the root so that a service that only creates and
 * applies dossiers does not load it.
 */
export { apiAdapter, compareState, generateTestPaths, runTestPaths, testPathToScenario, testPathToYaml } from './model/test-paths.js';
export type {
  AdapterState,
  RunOptions,
  SendResult,
  TestPath,
  TestPathAdapter,
  TestPathAdapterFactory,
  TestPathEvent,
  TestPathExpectation,
  TestPathMismatch,
  TestPathOptions,
  TestPathReport,
  TestPathSetup,
  TestPathStep,
} from './model/test-paths.js';
