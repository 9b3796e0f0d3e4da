/** `kiosk log`: the audit log of installs, rollbacks, trust and PIN changes and screen recoveries, across audit.log and its rotated files (audit.log.1, .2 ...). */
import { formatAuditEntry, readAuditLog } from '../../app/packs.js';
import { DATA_DIR_OPTION, dataDirFrom, intOption, parse, type Command } from '../args.js';

export const logCommand: Command = {
  summary: 'show the audit log: every install attempt, rollback, trust and PIN change',
  usage: 'kiosk log [--data-dir DIR] [--json] [--limit N]',
  async run(argv) {
    const { values } = parse(argv, { ...DATA_DIR_OPTION, json: { type: 'boolean' }, limit: { type: 'string' } });
    const entries = readAuditLog(dataDirFrom(values['data-dir']), intOption('limit', values.limit, 1, 100_000) ?? 200);
    if (values.json) {
      console.log(JSON.stringify(entries, null, 2));
      return 0;
    }
    if (!entries.length) console.log('The audit log is empty.');
    for (const e of entries) console.log(formatAuditEntry(e));
    return 0;
  },
};
