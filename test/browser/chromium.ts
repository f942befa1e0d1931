// Real Chromium for functional tests: Debian's /usr/bin/chromium driven by playwright-core.
// (Never a downloaded browser: downloads fail on this machine. Throughput is measured by the
// benchmark without Playwright, whose network tracing slows WebSockets down.)
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

import { CHROMIUM_PATH as CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs'

export { CHROMIUM }

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  })
}
