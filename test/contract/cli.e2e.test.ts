/**
 * The real `accord` binary, run as a process: exit codes, --help, and what reaches the terminal.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);

async function accord(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/accord.mjs', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (cause) {
    const e = cause as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Concurrent: each test mostly waits for node and tsx to start.
describe.concurrent('accord (process)', () => {
  it('lists its commands with --help, and exits 2 with no command', async () => {
    const help = await accord('--help');
    expect(help.code).toBe(0);
    for (const name of ['check', 'diff', 'docs', 'schema'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect((await accord()).code).toBe(2);
  });

  it('gives every command a --help', async () => {
    const names = ['check', 'diff', 'docs', 'schema'];
    const results = await Promise.all(names.map((name) => accord(name, '--help')));
    results.forEach(({ code, stdout }, i) => {
      expect(code, names[i]).toBe(0);
      expect(stdout, names[i]).toMatch(new RegExp(`^usage: accord ${names[i]}`));
      expect(stdout, names[i]).toContain('Exit codes:');
    });
  });

  it('exits 0 on both examples', async () => {
    const files = ['examples/shopify-stripe-netsuite.yaml', 'examples/salesforce-netsuite.yaml'];
    for (const { code, stdout } of await Promise.all(files.map((file) => accord('check', file)))) {
      expect(code, stdout).toBe(0);
      expect(stdout).toMatch(/^PASS: \d+ passed, 0 with warnings, 0 failed/m);
    }
  });

  it('exits 1 on a checklist gap and 2 on a contract that does not load, without a stack trace', async () => {
    const gap = await accord(
      'check',
      'test/contract/fixtures/missing-reconciliation.yaml',
      '--format',
      'junit',
    );
    expect(gap.code).toBe(1);
    expect(gap.stdout).toContain('<failure message="flow orders has no reconciliation rule');
    const bad = await accord('check', 'test/contract/fixtures/literal-secret.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'literal-secret.yaml:20:20: systems.netsuite.connection.tokenSecret holds a literal secret',
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on bad usage, with the usage', async () => {
    const example = 'examples/salesforce-netsuite.yaml';
    const [unknown, format, option, diff, docs] = await Promise.all([
      accord('chek'),
      accord('check', example, '--format', 'xml'),
      accord('check', '--verbose', example),
      accord('diff', example),
      accord('docs', example),
    ]);
    expect(unknown?.code).toBe(2);
    expect(unknown?.stderr).toContain('unknown command "chek" — did you mean "check"?');
    expect(format?.code).toBe(2);
    expect(format?.stderr).toContain('--format must be one of text, json, junit');
    expect(option?.code).toBe(2);
    expect(option?.stderr).toContain("Unknown option '--verbose'");
    expect(diff?.stderr).toContain('expected two contract files: <old> <new>');
    expect(docs?.stderr).toContain('--out <dir> is required');
    for (const r of [diff, docs]) expect(r?.code).toBe(2);
  });

  it('passes the exit code and output of `reconcile` through its re-run with a larger young generation', async () => {
    const { code, stderr } = await accord('reconcile');
    expect(code).toBe(2);
    expect(stderr).toContain('expected exactly one contract file');
    expect(stderr).toMatch(/^usage: accord reconcile/m);
  });

  it('prints the JSON Schema', async () => {
    const { code, stdout } = await accord('schema');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).title).toBe('Accord integration contract');
  });

  it('writes docs and diffs two versions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'accord-docs-'));
    const docs = await accord('docs', 'examples/salesforce-netsuite.yaml', '--out', out);
    expect(docs.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'northwind-salesforce-netsuite.html',
      'northwind-salesforce-netsuite.md',
    ]);
    expect(readFileSync(join(out, 'northwind-salesforce-netsuite.html'), 'utf8')).toContain('opportunities');
    const diff = await accord(
      'diff',
      'examples/salesforce-netsuite.yaml',
      'examples/salesforce-netsuite.yaml',
      '--format',
      'markdown',
    );
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('0 changes');
  });
});
