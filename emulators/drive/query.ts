// The subset of Drive's `q` language the app uses: terms joined by `and`. Anything else is refused
// the way Drive refuses a bad query (400 invalid, location q) rather than silently matching all.
import type { DriveFile } from './store';
import { googleError } from './wire';

type Token = { kind: 'str' | 'word' | 'op' | 'punct'; value: string };

export type Term =
  | { field: 'name' | 'mimeType'; op: '=' | '!=' | 'contains'; value: string }
  | { field: 'parents'; id: string }
  | { field: 'trashed'; op: '=' | '!='; value: boolean }
  | { field: 'appProperties'; key: string; value: string };

export const invalidQuery = () => googleError(400, 'invalid', 'Invalid Value', { location: 'q', locationType: 'parameter' });

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= q.length) throw invalidQuery();
        const d = q[i]!;
        if (d === '\\') {
          const next = q[i + 1];
          if (next !== "'" && next !== '\\') throw invalidQuery();
          value += next;
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      out.push({ kind: 'str', value });
    } else if (c === '!' && q[i + 1] === '=') {
      out.push({ kind: 'op', value: '!=' });
      i += 2;
    } else if (c === '=') {
      out.push({ kind: 'op', value: '=' });
      i++;
    } else if (c === '{' || c === '}') {
      out.push({ kind: 'punct', value: c });
      i++;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(q.slice(i));
      if (!m) throw invalidQuery();
      out.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

export function parseQuery(q: string): Term[] {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw invalidQuery();
    return t;
  };
  const expect = (kind: Token['kind'], value?: string) => {
    const t = next();
    if (t.kind !== kind || (value !== undefined && t.value.toLowerCase() !== value.toLowerCase())) throw invalidQuery();
    return t.value;
  };
  const isAnd = (t: Token | undefined) => t?.kind === 'word' && t.value.toLowerCase() === 'and';

  const term = (): Term => {
    const first = next();
    if (first.kind === 'str') {
      expect('word', 'in');
      expect('word', 'parents');
      return { field: 'parents', id: first.value };
    }
    if (first.kind !== 'word') throw invalidQuery();
    if (first.value === 'name' || first.value === 'mimeType') {
      const op = next();
      if (!(op.kind === 'op' || (op.kind === 'word' && op.value === 'contains'))) throw invalidQuery();
      return { field: first.value, op: op.value as '=' | '!=' | 'contains', value: expect('str') };
    }
    if (first.value === 'trashed') {
      const op = expect('op') as '=' | '!=';
      const v = expect('word').toLowerCase();
      if (v !== 'true' && v !== 'false') throw invalidQuery();
      return { field: 'trashed', op, value: v === 'true' };
    }
    if (first.value === 'appProperties') {
      expect('word', 'has');
      expect('punct', '{');
      expect('word', 'key');
      if (expect('op') !== '=') throw invalidQuery();
      const key = expect('str');
      if (!isAnd(next())) throw invalidQuery();
      expect('word', 'value');
      if (expect('op') !== '=') throw invalidQuery();
      const value = expect('str');
      expect('punct', '}');
      return { field: 'appProperties', key, value };
    }
    throw invalidQuery();
  };

  const terms: Term[] = [];
  if (!tokens.length) return terms;
  terms.push(term());
  while (pos < tokens.length) {
    if (!isAnd(peek())) throw invalidQuery();
    pos++;
    terms.push(term());
  }
  return terms;
}

/** `resolve` maps the `root` alias to the real root id. */
export function matches(file: DriveFile, terms: Term[], resolve: (id: string) => string): boolean {
  return terms.every((t) => {
    switch (t.field) {
      case 'name':
      case 'mimeType': {
        const actual = file[t.field];
        if (t.op === '=') return actual === t.value;
        if (t.op === '!=') return actual !== t.value;
        // Drive's `name contains` is a prefix match on words; a substring match is close enough here.
        return actual.toLowerCase().includes(t.value.toLowerCase());
      }
      case 'parents':
        return file.parents.includes(resolve(t.id));
      case 'trashed':
        return t.op === '=' ? file.trashed === t.value : file.trashed !== t.value;
      case 'appProperties':
        return file.appProperties[t.key] === t.value;
    }
  });
}
