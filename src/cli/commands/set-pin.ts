/**
 * `kiosk set-pin`: set the IT or volunteer PIN for the kiosk's staff screens. The PIN is read
 * from standard input: typed at a prompt without echo (asked twice) on a terminal, or the first
 * line of piped input in scripts. It is never taken from the command line, where it would end up
 * in the shell history and the process list. What a PIN may be is pinProblem's (core/packs/pins.ts).
 */
import { ROLES, type Role } from '../../core/access/sessions.js';
import { setPin } from '../../core/packs/index.js';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH, pinProblem } from '../../core/packs/pins.js';
import { CommandError, DATA_DIR_OPTION, UsageError, dataDirFrom, parse, type Command } from '../args.js';

/** The first line of piped input, bounded. */
async function readLine(stream: NodeJS.ReadableStream, max = 256): Promise<string> {
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    if (text.includes('\n') || text.length > max) break;
  }
  return (text.split(/\r?\n/)[0] ?? '').slice(0, max);
}

/** A line typed at the terminal without echo. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (data: Buffer | string) => {
      for (const c of data.toString()) {
        if (c === '\r' || c === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (c === '\u0003' || c === '\u001b') {
          finish();
          reject(new CommandError('Cancelled; no PIN was set.', 130));
          return;
        }
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else if (value.length < 64) value += c;
      }
    };
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readPinFromStdin(role: Role): Promise<string> {
  if (!process.stdin.isTTY) return (await readLine(process.stdin)).trim();
  const first = await promptHidden(`New ${role === 'it' ? 'IT PIN' : 'volunteer code'} (${PIN_MIN_LENGTH[role]}-${PIN_MAX_LENGTH} digits): `);
  if (pinProblem(role, first)) return first; // refused with its sentence, without asking twice
  const again = await promptHidden('Type it again: ');
  if (again !== first) throw new CommandError('The two PINs differ; no PIN was set.');
  return first;
}

/** Where the PIN comes from; tests replace `read`. */
export const pinInput = { read: readPinFromStdin };

export const setPinCommand: Command = {
  summary: 'set the PIN for the IT or volunteer screens (read from standard input, never from the command line)',
  usage: 'kiosk set-pin --role it|volunteer [--data-dir DIR]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, role: { type: 'string' } });
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) throw new UsageError('--role must be it or volunteer.');
    const pin = await pinInput.read(role);
    try {
      setPin(dataDirFrom(values['data-dir']), role, pin);
    } catch (e) {
      throw new CommandError((e as Error).message);
    }
    console.log(`The ${role} PIN is set.`);
    return 0;
  },
};
