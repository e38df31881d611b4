import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections currently relayed. */
  open(): number;
  /** Destroys every relayed connection (both sides) and stops listening: new ones are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP relay the test controls, between the nodes and MariaDB: what a network cut between an
 * application machine and the database looks like (connections reset, new ones refused).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  let server: net.Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        track(client);
        track(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        const kill = () => {
          client.destroy();
          upstream.destroy();
        };
        client.once('error', kill);
        upstream.once('error', kill);
        client.once('close', kill);
        upstream.once('close', kill);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    open: () => sockets.size / 2,
    async cut() {
      const closing = stopListening();
      for (const s of sockets) s.destroy();
      await closing;
    },
    restore: listen,
    async close() {
      const closing = stopListening();
      for (const s of sockets) s.destroy();
      await closing;
    },
  };
}
