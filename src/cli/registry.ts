/**
 * Finds the commands: every module in `commands/` that exports `command`. A new command is a new
 * file — no list to edit, so issues that each add a command never conflict over a registry.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from './command.ts';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function isCommand(value: unknown): value is Command {
  const c = value as Command;
  return typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.run === 'function';
}

/** Every command, sorted by name. */
export async function loadCommands(): Promise<Command[]> {
  const files = (await readdir(COMMANDS_DIR)).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f)).sort();
  const commands: Command[] = [];
  for (const file of files) {
    const module: { command?: unknown } = await import(pathToFileURL(join(COMMANDS_DIR, file)).href);
    if (isCommand(module.command)) commands.push(module.command);
  }
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}
