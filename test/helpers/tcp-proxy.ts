import net from 'node:net';

/**
 * A TCP proxy between the app and a server (PostgreSQL) that a test can cut and restore, to
 * see what the app does when its database goes away and comes back. While cut, open
 * connections are destroyed and new ones refused ('refuse': the port is closed) or accepted
 * and left without an answer ('hang': a network that drops packets).
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'open' | 'refuse' | 'hang' = 'open';
  /** Added before each piece of the server's answers. */
  private delayMs = 0;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Starts listening on a free port of 127.0.0.1 (or the port it had, after a 'refuse' cut). */
  async start(): Promise<this> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Destroys every connection, then refuses new ones or leaves them unanswered. */
  async cut(mode: 'refuse' | 'hang' = 'refuse'): Promise<void> {
    this.mode = mode;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (mode === 'refuse' && this.server) {
      const server = this.server;
      this.server = null;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** A slow server: each piece of its answers arrives this much later (0: at once). */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  /** Lets connections through again (connections left hanging are dropped). */
  async restore(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.mode = 'open';
    if (!this.server) await this.start();
  }

  async close(): Promise<void> {
    await this.cut('refuse');
  }

  private accept(client: net.Socket) {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.mode === 'refuse') return void client.destroy();
    if (this.mode === 'hang') return;
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    // One chain per connection keeps the bytes in order whatever the delay does meanwhile.
    let chain = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      const delay = this.delayMs;
      chain = chain.then(async () => {
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        if (!client.destroyed) client.write(chunk);
      });
    });
  }
}
