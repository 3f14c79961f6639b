/**
 * A TCP proxy on loopback whose connections a test can cut, as a phone losing its Wi-Fi
 * (or its screen locking) cuts them: `cut()` closes every connection and refuses new
 * ones until `restore()`. The browser talks to the proxy's port; the proxy to the server.
 */
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';

/** CuttableProxy is a running proxy. */
export interface CuttableProxy {
  /** The proxy's base URL (`http://127.0.0.1:<port>/`). */
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** startCuttableProxy forwards 127.0.0.1:<new port> to the server at `target`. */
export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let cutting = false;
  const server = createServer((client) => {
    if (cutting) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    cut() {
      cutting = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cutting = false;
    },
    close: () =>
      new Promise((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => done());
      }),
  };
}
