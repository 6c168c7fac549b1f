// A small HTTP server for the end-to-end test, on 127.0.0.1 and a free port.
//   /plain   the compose page with no CSP
//   /strict  the same page with `Content-Security-Policy: default-src 'self'` (no WebAssembly)
//   /composers/NAME  the mock composers in pages/composers/ (X-like, Facebook-like, LINE-like,
//            Shadow DOM), served with the strict CSP (scripts are files; inline styles allowed)
import { existsSync, readFileSync } from "node:fs";
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
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    const mock = /^\/composers\/([a-z-]+\.(html|js|css))$/.exec(path);
    const route = routes[path] ?? (mock && existsSync(new URL(`./pages/composers/${mock[1]}`, import.meta.url)) ? {
      type: { html: "text/html", js: "text/javascript", css: "text/css" }[mock[2]] + "; charset=utf-8",
      body: page(`composers/${mock[1]}`),
      csp: `${STRICT_CSP}; style-src 'self' 'unsafe-inline'`,
    } : null);
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
