// dmdrop: the headless CLI on the same engine as the app, for scripting, servers and tests.
import { toErrorInfo } from '../shared/errors';
import { createCliContext, type CliDeps } from './cli-context';
import { EXIT, processIo, UsageError, type CliIo } from './cli-io';
import { historyCommand } from './commands/history';
import { loginCommand, logoutCommand } from './commands/login';
import { resumeCommand } from './commands/resume';
import { revokeCommand } from './commands/revoke';
import { SHARE_USAGE, shareCommand } from './commands/share';
import { sweepCommand } from './commands/sweep';
import { providersCommand } from './commands/providers';
import { WATCH_USAGE, watchCommand } from './commands/watch';

const USAGE = `DM Drop: share photos into TikTok DMs as verified, view-only links.

Usage:
  ${SHARE_USAGE}
  ${WATCH_USAGE}
  dmdrop revoke [--json] URL…
  dmdrop history [--json]
  dmdrop resume [--json]
  dmdrop sweep [--json]
  dmdrop providers [--json]
  dmdrop login dropbox|drive [--no-browser] [--plaintext-token]
  dmdrop logout [dropbox|drive]

Data lives in $DMDROP_HOME (default: the OS app-data folder, "DM Drop"); sign-ins in the OS keychain.
Exit codes: 0 all done, 1 some files failed, 2 usage or configuration error.
`;

const COMMANDS = {
  share: shareCommand,
  watch: watchCommand,
  revoke: revokeCommand,
  history: historyCommand,
  resume: resumeCommand,
  sweep: sweepCommand,
  providers: providersCommand,
  login: loginCommand,
  logout: logoutCommand,
} as const;

export async function main(argv: string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    io.stderr.write(`dmdrop: unknown command "${name}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
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
