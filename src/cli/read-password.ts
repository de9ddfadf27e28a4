// `dmdrop share --password`: the link password is never an argument (it would show in `ps` and in
// shell history). On a terminal it is typed without echo, twice; otherwise it is the first line of
// standard input (`pass show dm-link | dmdrop share --password photo.jpg`).
import { UsageError } from './cli-io';

type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export async function readPassword(stdin: Input, prompt: NodeJS.WritableStream): Promise<string> {
  if (stdin.isTTY && stdin.setRawMode) {
    const first = await typeHidden(stdin, prompt, 'Link password (not shown): ');
    const again = await typeHidden(stdin, prompt, 'Type it again: ');
    if (first !== again) throw new UsageError('The two passwords differ; nothing was shared.');
    return nonEmpty(first);
  }
  return nonEmpty(await firstLine(stdin));
}

function nonEmpty(password: string): string {
  if (!password) throw new UsageError('The link password is empty; nothing was shared.');
  return password;
}

async function firstLine(stdin: Input): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    const end = text.indexOf('\n');
    if (end >= 0) return text.slice(0, end).replace(/\r$/, '');
  }
  return text.replace(/\r$/, '');
}

function typeHidden(stdin: Input, prompt: NodeJS.WritableStream, question: string): Promise<string> {
  prompt.write(question);
  stdin.setRawMode!(true);
  stdin.resume();
  let typed = '';
  return new Promise<string>((resolve, reject) => {
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      prompt.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer | string) => {
      for (const char of data.toString()) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(new UsageError('Cancelled; nothing was shared.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
