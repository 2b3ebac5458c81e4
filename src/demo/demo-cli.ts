/**
 * The demo runs Accord's own commands, in process, exactly as it tells the user to run them
 * afterwards: `accord reconcile …`, `accord errors list …`. A command missing from this build is
 * detected up front, so its step says so instead of failing.
 *
 * @example
 *   const cli = await DemoCli.load();
 *   if (cli.has('reconcile')) { const r = await cli.run(['reconcile', contract, '--format', 'json']); }
 */
import type { Command } from '../cli/command.ts';
import type { Io, Writer } from '../cli/io.ts';
import { main } from '../cli/main.ts';
import { loadCommands } from '../cli/registry.ts';

export interface CommandOutcome {
  code: number;
  out: string;
  err: string;
}

export class DemoCli {
  private constructor(private readonly commands: readonly Command[]) {}

  static async load(): Promise<DemoCli> {
    return new DemoCli(await loadCommands());
  }

  has(name: string): boolean {
    return this.commands.some((c) => c.name === name);
  }

  /** Whether a command's help mentions an option (`--format`), so the demo only uses what exists. */
  accepts(name: string, option: string): boolean {
    return this.commands.find((c) => c.name === name)?.usage.includes(option) ?? false;
  }

  /** Runs one command line; its output is kept, and also streamed to `live` when given (progress). */
  async run(argv: string[], live?: Writer): Promise<CommandOutcome> {
    let out = '';
    let err = '';
    const io: Io = {
      stdout: {
        write: (chunk: string) => {
          out += chunk;
          return true;
        },
      },
      stderr: {
        // A live terminal stays a terminal, so a command's progress line redraws in place.
        isTTY: (live as { isTTY?: boolean } | undefined)?.isTTY === true,
        write: (chunk: string) => {
          if (live) live.write(chunk);
          else err += chunk;
          return true;
        },
      } as Writer,
    };
    const code = await main(argv, io);
    return { code, out, err };
  }
}
