/**
 * Reads a password: all of stdin (`--password-stdin`, for scripts), or typed twice at the terminal
 * without echo. Rejects when there is neither a terminal nor `--password-stdin`, saying which to use.
 */
export async function readPassword(options: { fromStdin: boolean; prompt: string; input?: NodeJS.ReadStream; output?: NodeJS.WriteStream }): Promise<string> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (options.fromStdin) return (await readAll(input)).replace(/\r?\n$/, '');
  if (!input.isTTY) throw new Error('No terminal to ask for a password on: pipe it in with --password-stdin');
  const password = await readHidden(input, output, options.prompt);
  // Typed unseen, so typed twice: a typo would lock the first admin out.
  if ((await readHidden(input, output, 'Again, to confirm: ')) !== password) throw new Error('The two passwords differ; nothing was created.');
  return password;
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Typed characters are not echoed (a password on screen is a password in the scrollback). */
function readHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    output.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('Cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
