// A small HTTP server for the end-to-end test, on 127.0.0.1 and a free port.
//   /plain   the compose page with no CSP
//   /strict  the same page with `Content-Security-Policy: default-src 'self'` (no WebAssembly)
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const page = (name) => readFileSync(new URL(`./pages/${name}`, import.meta.url));
const STRICT_CSP = "default-src 'self'";

export async function startServer() {
  const routes = {
    "/plain": { type: "text/html; charset=utf-8", body: page("compose.html") },
    "/strict": { type: "text/html; charset=utf-8", body: page("compose.html"), csp: STRICT_CSP },
    "/app.js": { type: "text/javascript; charset=utf-8", body: page("app.js") },
    "/app.css": { type: "text/css; charset=utf-8", body: page("app.css") },
  };
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url, "http://127.0.0.1").pathname];
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const headers = { "content-type": route.type, "cache-control": "no-store" };
    if (route.csp) headers["content-security-policy"] = route.csp;
    res.writeHead(200, headers).end(route.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
