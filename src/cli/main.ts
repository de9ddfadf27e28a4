// dmdrop: the headless CLI on the same engine as the app, for scripting, servers and tests.
// Each command is loaded when it is named, so `dmdrop providers` never loads sharp, the watcher or
// the providers' SDKs: a process start costs only what its command uses.
import './zod-config';
import { toErrorInfo } from '../shared/errors';
import { createCliContext, type CliContext, type CliDeps } from './cli-context';
import { EXIT, processIo, UsageError, type CliIo } from './cli-io';

type Command = (ctx: CliContext, argv: string[]) => Promise<number>;

const usage = async () => `DM Drop: share photos into TikTok DMs as verified, view-only links.

Usage:
  ${(await import('./commands/share')).SHARE_USAGE}
  ${(await import('./commands/watch')).WATCH_USAGE}
  dmdrop revoke [--json] URL…
  ${(await import('./commands/history')).HISTORY_USAGE}
  dmdrop resume [--json]
  dmdrop sweep [--json]
  dmdrop providers [--json]
  ${(await import('./commands/login')).LOGIN_USAGE}
  ${(await import('./commands/login')).LOGOUT_USAGE}

Data lives in $DMDROP_HOME (default: the OS app-data folder, "DM Drop"); sign-ins in the OS keychain.
Exit codes: 0 all done, 1 some files failed, 2 usage or configuration error.
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  share: async () => (await import('./commands/share')).shareCommand,
  watch: async () => (await import('./commands/watch')).watchCommand,
  revoke: async () => (await import('./commands/revoke')).revokeCommand,
  history: async () => (await import('./commands/history')).historyCommand,
  resume: async () => (await import('./commands/resume')).resumeCommand,
  sweep: async () => (await import('./commands/sweep')).sweepCommand,
  providers: async () => (await import('./commands/providers')).providersCommand,
  login: async () => (await import('./commands/login')).loginCommand,
  logout: async () => (await import('./commands/login')).logoutCommand,
};

export async function main(argv: string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(await usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr.write(`dmdrop: unknown command "${name}".\n\n${await usage()}`);
    return EXIT.usage;
  }
  try {
    const command = await load();
    return await command(await createCliContext(io, deps), rest);
  } catch (error) {
    // Anything that stops a command before per-file work is a usage or configuration problem.
    const message = error instanceof UsageError || (error instanceof TypeError && 'code' in error)
      ? error.message
      : `${toErrorInfo(error).message} [${toErrorInfo(error).code}]`;
    io.stderr.write(`dmdrop: ${message}\n`);
    return EXIT.usage;
  }
}
