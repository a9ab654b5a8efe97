import { errorMessage } from '../core/errors';
import { terminalLines, terminalSafe } from '../core/text/terminalSafe';
import { VERSION } from '../core/version';
import { type CliCommand, type CliIo, ExitCode, UsageError } from './cliCommand';
import { checkCommand } from './commands/checkCommand';
import { eventsCommand } from './commands/eventsCommand';
import { listenCommand } from './commands/listenCommand';
import { logCommand } from './commands/logCommand';
import { replayCommand } from './commands/replayCommand';
import { sampleCommand } from './commands/sampleCommand';
import { triggerCommand } from './commands/triggerCommand';
import { versionCommand } from './commands/versionCommand';
import { sandboxCommand } from './commands/sandboxCommand';
import { connectionsCommand } from './commands/connectionsCommand';
import { apiCommand } from './commands/apiCommand';
import { scenarioCommand } from './commands/scenarioCommand';

const commands: readonly CliCommand[] = [
  eventsCommand,
  sampleCommand,
  triggerCommand,
  checkCommand,
  listenCommand,
  replayCommand,
  logCommand,
  scenarioCommand,
  sandboxCommand,
  connectionsCommand,
  apiCommand,
  versionCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `makini-devtools ${VERSION}: Makini webhooks and connections from the terminal`,
    '',
    'Usage: makini-devtools <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --version  Print the version',
    "  --help     Print this help, or a command's with: makini-devtools help <command>",
    '',
  ].join('\n');
}

/** Runs the CLI with the arguments after the program name; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // No command is wrong usage: scripts that forget one must not carry on as if it had worked.
    io.stderr.write(usage());
    return ExitCode.usage;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(usage());
    return ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  if (first === 'help') {
    const target = commands.find((c) => c.name === rest[0]);
    io.stdout.write(target ? target.help : usage());
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr.write(`makini-devtools: unknown command '${terminalSafe(first)}'.\n\n${usage()}`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // Messages quote flags, ids and answers from outside: never raw control characters.
      io.stderr.write(
        `makini-devtools ${command.name}: ${terminalLines(error.message)}\n\nUsage: ${command.usage}\n` +
          `Every flag and its default: makini-devtools ${command.name} --help\n`,
      );
      return ExitCode.usage;
    }
    io.stderr.write(`makini-devtools ${command.name}: ${terminalLines(errorMessage(error))}\n`);
    return ExitCode.failed;
  }
}

if (require.main === module) {
  // `makini-devtools sample x | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  void runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
