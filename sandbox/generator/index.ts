/**
 * The sandbox data generator: one consistent, seeded business across NetSuite, Shopify, Stripe,
 * Salesforce, HubSpot and the WMS, with awkward cases and planted disagreements, and a manifest of
 * exactly where they are. See README.md in this folder for the output layout and vendor shapes.
 *
 * @example
 *   import { generateBusinessToDirectory } from './sandbox/generator/index.ts';
 *   const { manifest, summary } = generateBusinessToDirectory({ seed: 7, scale: 100_000, scenario: 'full' }, 'out');
 */
export {
  type Business,
  type BusinessSummary,
  type GenerateOptions,
  generateBusiness,
  generateBusinessToDirectory,
  type StreamOptions,
  streamBusiness,
  writeBusiness,
} from './business.ts';
export { readBusinessRecords, readBusinessSummary } from './business-reader.ts';
export { type DerivedDisagreement, deriveDisagreements, signature } from './derive-disagreements.ts';
export {
  type AwkwardCaseEntry,
  COMPARISON_RULES,
  type Disagreement,
  type DisagreementCategory,
  type Manifest,
} from './manifest.ts';
export { MemorySink, NdjsonDirectorySink, type RecordSink } from './record-sink.ts';
export { REGIONS, type Region } from './regions.ts';
export {
  type AwkwardDials,
  type Dial,
  dialCount,
  type PlantDials,
  resolveScenario,
  SCENARIOS,
  type Scenario,
  type ScenarioInput,
  type ScenarioName,
} from './scenario.ts';
