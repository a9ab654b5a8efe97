import { VERSION } from '../../core/version';
import { type CliCommand, ExitCode, UsageError } from '../cliCommand';

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'Print the version',
  usage: 'makini-devtools version',
  help: 'Print the version\n\nUsage: makini-devtools version\n',
  run(args, io) {
    if (args.length > 0) throw new UsageError(`'version' takes no arguments, got '${args.join(' ')}'.`);
    io.stdout.write(`${VERSION}\n`);
    return Promise.resolve(ExitCode.ok);
  },
};
