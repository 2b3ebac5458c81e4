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

/** Runs the deployed scripts of one phase; a throw becomes NetSuite's 400 USER_ERROR reply. */
export function runUserEvents(
  scripts: readonly UserEventScript[],
  phase: 'beforeSubmit' | 'afterSubmit',
  context: UserEventContext,
  fail: (scriptId: string, name: string, message: string) => Error,
): void {
  for (const script of scripts) {
    if (!script.recordTypes.includes(context.recordType)) continue;
    if (script.events && !script.events.includes(context.type)) continue;
    const hook = script[phase];
    if (!hook) continue;
    try {
      hook(context);
    } catch (error) {
      const name = error instanceof ScriptRejection ? error.errorName : 'SSS_SCRIPT_ERROR';
      throw fail(script.scriptId, name, error instanceof Error ? error.message : String(error));
    }
  }
}

/** A script that sets a field on every matching inbound record (e.g. a "source" stamp). */
export function setFieldScript(
  scriptId: string,
  recordTypes: string[],
  field: string,
  value: unknown,
): UserEventScript {
  return {
    scriptId,
    recordTypes,
    events: ['create', 'edit', 'xedit'],
    beforeSubmit: (ctx) => {
      ctx.newRecord[field] = value;
    },
  };
}

/** A script that refuses a record whose field is empty, with the given message. */
export function requireFieldScript(
  scriptId: string,
  recordTypes: string[],
  field: string,
  message: string,
): UserEventScript {
  return {
    scriptId,
    recordTypes,
    events: ['create', 'edit', 'xedit'],
    beforeSubmit: (ctx) => {
      const v = ctx.newRecord[field];
      if (v === undefined || v === null || v === '') throw new ScriptRejection('MISSING_FIELD', message);
    },
  };
}
