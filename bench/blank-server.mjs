// The baseline for start-up time: a blank page served by a plain Node HTTP server, started the
// same way as `kiosk serve` (a new Node process printing its address when it listens).
import { createServer } from 'node:http';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>blank</title><p elementtiming="blank">blank</p>');
});
server.listen(0, '127.0.0.1', () => console.log(`Blank serving at http://127.0.0.1:${server.address().port}/`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
