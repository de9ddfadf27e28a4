// `dmdrop --help` is the list a person reads to find a command: every command, as a usage line.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('dmdrop --help', () => {
  it('gives a usage line for every command and nothing else between them', async () => {
    const result = await runCli(['--help'], { DMDROP_HOME: await tempDir() });
    expect(result.code).toBe(0);
    const usage = result.stdout.split('\n\n')[1]!.split('\n');
    expect(usage[0]).toBe('Usage:');
    const lines = usage.slice(1);
    for (const line of lines) expect(line).toMatch(/^ {2}dmdrop [a-z]+( |$)/);
    expect(lines.map((line) => line.trim().split(' ')[1])).toEqual(['share', 'watch', 'revoke', 'history', 'resume', 'sweep', 'providers', 'login', 'logout']);
  });
});
