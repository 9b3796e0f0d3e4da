/**
 * The `kiosk` command for IT staff. Each subcommand lives in ./commands/; this file only routes
 * and turns every failure into one sentence and an exit code (2 for a usage mistake, 1 for a
 * refusal or failure), never a stack trace.
 */
import { CommandError, UsageError, type Command } from './args.js';

/** Each command is loaded only when it runs, so `kiosk serve` starts without loading the pack tools. */
export const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  start: async () => (await import('./commands/start.js')).startCommand,
  keygen: async () => (await import('./commands/keygen.js')).keygenCommand,
  pack: async () => (await import('./commands/pack.js')).packCommand,
  content: async () => (await import('./commands/content.js')).contentCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  install: async () => (await import('./commands/install.js')).installCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  rollback: async () => (await import('./commands/rollback.js')).rollbackCommand,
  history: async () => (await import('./commands/history.js')).historyCommand,
  packs: async () => (await import('./commands/packs.js')).packsCommand,
  'reset-rollback-record': async () => (await import('./commands/reset-rollback-record.js')).resetRollbackRecordCommand,
  log: async () => (await import('./commands/log.js')).logCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  preview: async () => (await import('./commands/preview.js')).previewCommand,
  trust: async () => (await import('./commands/trust.js')).trustCommand,
  'set-pin': async () => (await import('./commands/set-pin.js')).setPinCommand,
  publish: async () => (await import('./commands/publish.js')).publishCommand,
  'trust-repo': async () => (await import('./commands/trust-repo.js')).trustRepoCommand,
  service: async () => (await import('./commands/service.js')).serviceCommand,
};

async function help(): Promise<string> {
  const all = await Promise.all(Object.values(commands).map((load) => load()));
  const rows = all.map((c) => `  ${c.usage}\n      ${c.summary}`);
  return [
    'Usage: kiosk <command> [options]',
    '',
    ...rows,
    '',
    'The data folder defaults to the platform application-data folder; KIOSK_DATA_DIR or --data-dir overrides it.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(await help());
    return name ? 0 : 2;
  }
  const load = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!load) {
    console.error(`kiosk: "${name}" is not a kiosk command. Run "kiosk help" to see them.`);
    return 2;
  }
  const cmd = await load();
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
