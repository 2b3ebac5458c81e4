/**
 * User event scripts and workflows, as configurable hooks on inbound records. Real accounts run
 * SuiteScript `beforeSubmit` / `afterSubmit` on every record saved through REST web services; a
 * script can set a field, change a value (so the record comes back different from what was
 * sent), or throw to reject the save. Workflows behave the same for an integration, so one
 * hook shape models both.
 *
 * @example
 *   const stampSource: UserEventScript = {
 *     scriptId: 'customscript_stamp_source',
 *     recordTypes: ['customer'],
 *     beforeSubmit: (ctx) => { ctx.newRecord.custentity_source = 'integration'; },
 *   };
 */

/** The event that fired the script, as SuiteScript's `context.UserEventType` names it. */
export type UserEventType = 'create' | 'edit' | 'xedit' | 'delete';

export interface UserEventContext {
  type: UserEventType;
  recordType: string;
  /** The record about to be stored (beforeSubmit) or just stored (afterSubmit); mutate it to set fields. */
  newRecord: Record<string, unknown>;
  /** The stored record before this save; undefined on create. */
  oldRecord: Readonly<Record<string, unknown>> | undefined;
  /** `runtime.executionContext` — always REST web services here. */
  executionContext: 'RESTWEBSERVICES';
}

export interface UserEventScript {
  /** e.g. `customscript_accord_ue` or `customworkflow_approval`. */
  scriptId: string;
  recordTypes: readonly string[];
  /** Events the deployment runs on; all when omitted. */
  events?: readonly UserEventType[];
  /** Throw a `ScriptRejection` (or any Error) to refuse the save. */
  beforeSubmit?: (context: UserEventContext) => void;
  /** Runs after the save; changes here are stored too (a real script would `record.submitFields`). */
  afterSubmit?: (context: UserEventContext) => void;
}

/** Thrown by a script to reject a record, like SuiteScript's `error.create({name, message})`. */
export class ScriptRejection extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScriptRejection';
  }
}
