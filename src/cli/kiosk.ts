/**
 * The `kiosk` command for IT staff. Each subcommand lives in ./commands/; this file only routes
 * and turns every failure into one sentence and an exit code (2 for a usage mistake, 1 for a
 * refusal or failure), never a stack trace.
 */
import { CommandError, UsageError, type Command } from './args.js';
import { serveCommand } from './commands/serve.js';
import { startCommand } from './commands/start.js';
import { keygenCommand } from './commands/keygen.js';
import { packCommand } from './commands/pack.js';
import { verifyCommand } from './commands/verify.js';
import { installCommand } from './commands/install.js';
import { statusCommand } from './commands/status.js';
import { rollbackCommand } from './commands/rollback.js';
import { logCommand } from './commands/log.js';
import { trustCommand } from './commands/trust.js';
import { setPinCommand } from './commands/set-pin.js';

export const commands: Record<string, Command> = {
  serve: serveCommand,
  start: startCommand,
  keygen: keygenCommand,
  pack: packCommand,
  verify: verifyCommand,
  install: installCommand,
  status: statusCommand,
  rollback: rollbackCommand,
  log: logCommand,
  trust: trustCommand,
  'set-pin': setPinCommand,
};

function help(): string {
  const rows = Object.entries(commands).map(([, c]) => `  ${c.usage}\n      ${c.summary}`);
  return ['Usage: kiosk <command> [options]', '', ...rows, '', 'The data folder defaults to the platform application-data folder; KIOSK_DATA_DIR or --data-dir overrides it.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`kiosk: "${name}" is not a kiosk command. Run "kiosk help" to see them.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: ${cmd.usage}\n  ${cmd.summary}`);
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`kiosk ${name}: ${e.message}\nUsage: ${cmd.usage}`);
      return 2;
    }
    if (e instanceof CommandError) {
      console.error(`kiosk ${name}: ${e.message}`);
      return e.exitCode;
    }
    console.error(`kiosk ${name}: ${(e as Error).message ?? String(e)}`);
    if (process.env.KIOSK_DEBUG) console.error(e);
    return 1;
  }
}
