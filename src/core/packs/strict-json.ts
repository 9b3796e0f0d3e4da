/**
 * What JSON.parse lets through in signed JSON: a key given twice in one object
 * (`"version": 10, "version": 11` parses as 11, while another reader, or a person reviewing the
 * signed bytes, may take 10) and nesting deep enough to exhaust a reader. The signer vouches for
 * bytes; those bytes must say each thing once. Pure: no I/O.
 */

/** Deeper than any manifest or signatures file needs (they nest four levels). */
export const MAX_SIGNED_JSON_DEPTH = 32;

export type StrictJsonProblem = { kind: 'duplicate-key'; key: string; where: string } | { kind: 'too-deep'; where: string };

interface Frame {
  /** Keys seen so far in an object; undefined for an array. */
  keys: Set<string> | undefined;
  /** The member or element being read, for `where`. */
  at: string | number;
  /** In an object, the next string is a key. */
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** "keys.keys[1]": where in the document the given containers' current members are; "the top level" for none. */
function where(containers: Frame[]): string {
  let out = '';
  for (const f of containers) out += typeof f.at === 'number' ? `[${f.at}]` : `${out ? '.' : ''}${f.at}`;
  return out || 'the top level';
}

/**
 * The first duplicated key or excess of nesting in `text`, which JSON.parse has already accepted
 * (so it is well-formed JSON); undefined when there is none. Keys are compared as JSON.parse
 * decodes them, so `"version"` and `"\u0076ersion"` are the same key. Linear in the text.
 */
export function strictJsonProblem(text: string, maxDepth = MAX_SIGNED_JSON_DEPTH): StrictJsonProblem | undefined {
  const stack: Frame[] = [];
  // Jump from one structural character to the next natively; numbers, literals and spaces between are skipped.
  const structural = /["{}[\],]/g;
  let m: RegExpExecArray | null;
  while ((m = structural.exec(text)) !== null) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // The closing quote is the next one not escaped by an odd run of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return undefined; // not JSON.parse's text: nothing more to say
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
      }
      structural.lastIndex = end + 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) return { kind: 'duplicate-key', key, where: where(stack.slice(0, -1)) };
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { kind: 'too-deep', where: where(stack) };
      stack.push(c === 0x7b ? { keys: new Set(), at: '', expectKey: true } : { keys: undefined, at: 0, expectKey: false });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else {
      const top = stack[stack.length - 1]; // a comma
      if (top?.keys) top.expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}

/** The problem as the end of a sentence about the file: "the key "version" appears twice in one object (at the top level)". */
export function describeStrictJsonProblem(p: StrictJsonProblem): string {
  if (p.kind === 'too-deep') return `it nests deeper than ${MAX_SIGNED_JSON_DEPTH} levels (in ${p.where})`;
  const key = JSON.stringify(p.key.length > 80 ? `${p.key.slice(0, 80)}…` : p.key);
  return `the key ${key} appears twice in one object (${p.where === 'the top level' ? 'at the top level' : `in ${p.where}`}), so it says two different things`;
}
