// The subset of Drive's search-query language DM Drop and its tests use, parsed strictly:
// terms joined by `and` — name = '…', mimeType =|!= '…', '<id>' in parents, trashed = true|false,
// appProperties has { key='…' and value='…' }. Anything else is 400 Invalid Value, like Drive.
import type { DriveFile } from './store';
import { invalid } from './wire';

type Term = (file: DriveFile, trashed: boolean) => boolean;

export function parseQuery(q: string, resolveId: (id: string) => string): Term {
  let i = 0;
  const fail = () => {
    throw invalid('Invalid Value', 'q');
  };
  const space = () => {
    while (q[i] === ' ') i++;
  };
  const word = () => {
    space();
    const m = /^[A-Za-z]+|^!=|^=/.exec(q.slice(i));
    if (!m) fail();
    i += m![0].length;
    return m![0];
  };
  const string = () => {
    space();
    if (q[i] !== "'") fail();
    i++;
    let out = '';
    while (i < q.length && q[i] !== "'") {
      if (q[i] === '\\') i++;
      out += q[i++] ?? '';
    }
    if (q[i] !== "'") fail();
    i++;
    return out;
  };
  const expect = (text: string) => {
    space();
    if (!q.startsWith(text, i)) fail();
    i += text.length;
  };
  const term = (): Term => {
    space();
    if (q[i] === "'") {
      const id = resolveId(string());
      expect('in');
      expect('parents');
      return (f) => f.parents.includes(id);
    }
    const field = word();
    if (field === 'appProperties') {
      expect('has');
      expect('{');
      expect('key');
      expect('=');
      const key = string();
      expect('and');
      expect('value');
      expect('=');
      const value = string();
      expect('}');
      return (f) => f.appProperties[key] === value;
    }
    const op = word();
    if (field === 'trashed' && op === '=') {
      const value = word();
      if (value !== 'true' && value !== 'false') fail();
      return (_f, trashed) => trashed === (value === 'true');
    }
    if ((field === 'name' || field === 'mimeType') && (op === '=' || op === '!=')) {
      const value = string();
      return (f) => (f[field] === value) === (op === '=');
    }
    return fail();
  };
  const terms = [term()];
  for (space(); i < q.length; space()) {
    if (word() !== 'and') fail();
    terms.push(term());
  }
  return (file, trashed) => terms.every((t) => t(file, trashed));
}
