import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.js'

// The static Storybook build must render stories from any file server, with no STOMP server:
// every story has its own in-memory broker. CI runs `npm run build-storybook` before this.
const root = path.resolve(import.meta.dirname, '../../storybook-static')
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

let server: Server
let browser: Browser
let base = ''

beforeAll(async () => {
  if (!existsSync(path.join(root, 'iframe.html'))) {
    throw new Error(
      `storybook-static/ is missing (${root}). Run \`npm run build-storybook\` before this test.`,
    )
  }
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const file = path.join(
      root,
      decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname),
    )
    if (!file.startsWith(root)) return void response.writeHead(403).end()
    try {
      const body = await readFile(file)
      response.writeHead(200, {
        'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

const story = (id: string) => `${base}/iframe.html?id=${id}&viewMode=story`

describe('storybook-static', () => {
  it('lists every story in index.json', async () => {
    const index = JSON.parse(await readFile(path.join(root, 'index.json'), 'utf8'))
    const ids = Object.keys(index.entries)
    expect(ids).toContain('components-chatroom--short-conversation')
    expect(ids).toContain('components-connectionstatus--auth-failed')
    expect(ids).toContain('hooks-live--publish-and-receive')
  })

  it('renders a ChatRoom story on its memory broker and sends a message', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    // The Empty story's play function only asserts, so typing here does not race it.
    await page.goto(story('components-chatroom--empty'))
    await page.locator('[role="status"][data-status="connected"]').waitFor({ state: 'attached' })
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('from the static build')
    await box.press('Enter')
    await page.getByRole('article', { name: /from the static build$/ }).waitFor()
    await page.getByRole('button', { name: 'Message from Bob' }).click()
    await page.getByRole('article', { name: /Hi from Bob/ }).waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it('renders ConnectionStatus failed-auth, a seeded ChatRoom and the hooks page', async () => {
    const page = await browser.newPage()
    await page.goto(story('components-connectionstatus--auth-failed'))
    await page.locator('[role="status"][data-status="failed"]').waitFor()
    await page.goto(story('components-chatroom--short-conversation'))
    await page.getByRole('article', { name: /Thanks both/ }).waitFor()
    await page.goto(story('hooks-live--publish-and-receive'))
    await page.getByTestId('subscription').filter({ hasText: 'active' }).waitFor()
    await page.close()
  })

  it('renders the Introduction docs page', async () => {
    const page = await browser.newPage()
    await page.goto(`${base}/iframe.html?id=introduction--docs&viewMode=docs`)
    await page.getByRole('heading', { name: 'react-stomp-kit' }).waitFor()
    await page.close()
  })
})
