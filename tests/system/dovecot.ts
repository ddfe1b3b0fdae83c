import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, createConnection, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A Dovecot IMAP server of the test's own: its config, users and mail in a temp dir, on a loopback port. */
export interface Dovecot {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Dovecot (package `dovecot-imapd`) with one mailbox user. As root its
 * processes run as the package's `dovecot`/`dovenull` users; otherwise as the current user.
 */
export async function startDovecot(user: string, password: string): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-dovecot-'));
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  const [internal, login] = root ? ['dovecot', 'dovenull'] : [me, me];
  // Dovecot's own users (auth, mail) read the users file and write the mail under it.
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  if (root) {
    const uid = Number(spawnSync('id', ['-u', 'dovecot']).stdout.toString());
    const gid = Number(spawnSync('id', ['-g', 'dovecot']).stdout.toString());
    chownSync(join(dir, 'mail'), uid, gid);
  }
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = ${internal}
default_internal_group = ${internal}
default_login_user = ${login}
mail_location = maildir:${dir}/mail/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${internal} gid=${internal} home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const master: ChildProcess = spawn('dovecot', ['-F', '-c', config], { stdio: 'ignore' });
  await waitForPort(port, master);
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => master.once('exit', resolve));
      master.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, master: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (master.exitCode !== null) throw new Error(`dovecot exited with ${master.exitCode}: is dovecot-imapd installed?`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}
