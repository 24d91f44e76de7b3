/**
 * The bare-Node reference: `node dist/bench/bare-server.js BODY-FILE HEADERS-JSON` serves the
 * file's bytes with the given headers to every request, from memory, with node:http and nothing
 * else. It listens on 127.0.0.1 on a free port and prints {"port": N} on its first line. What the
 * benchmark measures against it is the ceiling of this machine, this Node and the load generator.
 */
import fs from 'node:fs';
import http from 'node:http';

const [bodyFile, headersJson] = process.argv.slice(2);
if (!bodyFile) {
  console.error('usage: node dist/bench/bare-server.js BODY-FILE [HEADERS-JSON]');
  process.exit(2);
}
const body = fs.readFileSync(bodyFile);
const headers: Record<string, string | number> = { ...(headersJson ? (JSON.parse(headersJson) as Record<string, string>) : {}), 'content-length': body.length };

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
