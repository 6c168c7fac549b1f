// Starts Debian's Chromium (headless) with one unpacked extension loaded, as both
// end-to-end tests need it, and returns the browser context and the extension's id.
import { chromium } from "playwright-core";

/**
 * @param {string} userDataDir a fresh profile directory
 * @param {string} extDir the unpacked extension
 * @param {{ executablePath: string, viewport: { width: number, height: number }, timeout: number }} opts
 */
export async function launchWithExtension(userDataDir, extDir, { executablePath, viewport, timeout }) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: false,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      "--headless=new",
      `--load-extension=${extDir}`,
      `--disable-extensions-except=${extDir}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=ja",
    ],
    viewport,
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent("serviceworker", { timeout });
  return { context, extensionId: new URL(worker.url()).host };
}
