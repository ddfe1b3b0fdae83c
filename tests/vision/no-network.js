// Preloaded (node --require) into the reader's child process and, through execArgv, every worker
// thread it starts: any attempt to reach the network throws and is reported on stderr. Local IPC
// (a Unix socket path, as tsx's loader uses) is still allowed: it never leaves the machine.
const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');

function refused(what) {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n${new Error().stack}\n`);
  return new Error(`network disabled in this test (${what})`);
}
/** A connection to a Unix socket: `connect('/path')` or `connect({ path })`. */
function isLocalIpc(args) {
  // net.connect hands Socket#connect its arguments already normalised, as one array.
  const [first] = Array.isArray(args[0]) ? args[0] : args;
  return (typeof first === 'string' && Number.isNaN(Number(first))) || (first && typeof first === 'object' && typeof first.path === 'string');
}
function guard(original, what) {
  return function (...args) {
    if (isLocalIpc(args)) return original.apply(this, args);
    throw refused(what);
  };
}

globalThis.fetch = () => Promise.reject(refused('fetch'));
net.connect = net.createConnection = guard(net.connect, 'net.connect');
net.Socket.prototype.connect = guard(net.Socket.prototype.connect, 'socket.connect');
tls.connect = () => {
  throw refused('tls.connect');
};
dns.lookup = () => {
  throw refused('dns.lookup');
};
