import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.js'

// The demo exactly as `npm run demo` starts it (embedded broker, Vite page), with 1,000 messages
// of history in #lobby.
let demo: ChildProcess
let base = ''
let browser: Browser
const shots = new URL('../../test-results/screenshots/', import.meta.url).pathname

beforeAll(async () => {
  demo = spawn(process.execPath, ['demo/start.mjs'], {
    env: { ...process.env, DEMO_PORT: '0', DEMO_SEED: '1000', DEMO_OUTAGE_MS: '1500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  base = await new Promise<string>((resolve, reject) => {
    let out = ''
    demo.stdout!.on('data', (chunk: Buffer) => {
      out += chunk
      const m = /Demo chat: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
      if (m) resolve(m[1]!)
    })
    demo.on('exit', (code) => reject(new Error(`demo exited with ${code}: ${out}`)))
  })
  browser = await launchChromium()
  mkdirSync(shots, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  demo?.kill('SIGTERM')
})

async function join(name: string, options: { viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 900, height: 700 },
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`)
    void d.dismiss()
  })
  await page.goto(base)
  await page.getByLabel('Your name').fill(name)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('log').waitFor()
  await expectConnected(page)
  return { page, errors }
}

const expectConnected = (page: Page) =>
  page.waitForSelector('.stomp-chat-status[data-status="connected"]', {
    state: 'attached',
    timeout: 30_000,
  })

const box = (page: Page) => page.getByRole('textbox', { name: 'Message' })

async function say(page: Page, text: string) {
  await box(page).fill(text)
  await box(page).press('Enter')
}

const texts = (page: Page) =>
  page.$$eval(
    '.stomp-chat-row[data-own] .stomp-chat-text, .stomp-chat-row .stomp-chat-text',
    (els) => [...new Set(els)].map((e) => e.textContent ?? ''),
  )

describe('demo chat in Chromium', () => {
  it('two people chat in #random and see each other in order', async () => {
    const a = await join('Alice')
    const b = await join('Bob')
    for (const p of [a.page, b.page]) await p.getByRole('button', { name: '#random' }).click()
    await expectConnected(a.page)
    await expectConnected(b.page)
    await say(a.page, 'hi Bob')
    await b.page.getByText('hi Bob').waitFor()
    await say(b.page, 'hi Alice')
    await say(a.page, 'how are you?')
    await b.page.getByText('how are you?').waitFor()
    await a.page.getByText('hi Alice').waitFor()
    for (const p of [a.page, b.page]) {
      expect((await texts(p)).filter((t) => /^(hi |how)/.test(t))).toEqual([
        'hi Bob',
        'hi Alice',
        'how are you?',
      ])
    }
    await a.page.waitForSelector('.stomp-chat-message[data-status="sent"]', { state: 'attached' })
    expect(a.errors.concat(b.errors)).toEqual([])
  })

  it('Korean through a real IME composition sends once, with the committed text', async () => {
    const a = await join('민수')
    const b = await join('Observer')
    for (const p of [a.page, b.page]) await p.getByRole('button', { name: '#한국어' }).click()
    await expectConnected(a.page)
    await box(a.page).focus()
    const cdp = await a.page.context().newCDPSession(a.page)
    for (const partial of ['ㅇ', '아', '안', '안녀', '안녕']) {
      await cdp.send('Input.imeSetComposition', {
        text: partial,
        selectionStart: partial.length,
        selectionEnd: partial.length,
      })
    }
    // Enter while composing must not send half a word.
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'rawKeyDown',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 229,
    })
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 229,
    })
    await cdp.send('Input.insertText', { text: '안녕하세요' })
    await a.page.waitForTimeout(200)
    expect(await a.page.locator('.stomp-chat-text', { hasText: '안녕' }).count()).toBe(0)
    await box(a.page).press('Enter')
    await b.page.getByText('안녕하세요').waitFor()
    await a.page.waitForTimeout(500)
    for (const p of [a.page, b.page]) {
      expect((await texts(p)).filter((t) => t.includes('안녕'))).toEqual(['안녕하세요'])
    }
    expect(await box(a.page).inputValue()).toBe('')
  })

  it('shows XSS payloads and javascript: links as text; nothing runs', async () => {
    const a = await join('Mallory')
    const b = await join('Victim')
    await say(a.page, '<img src=x onerror=alert(1)>')
    await say(a.page, '[click](javascript:alert(2)) javascript:alert(3) https://example.com/ok')
    await b.page.getByText('<img src=x onerror=alert(1)>').waitFor()
    await b.page.getByText(/javascript:alert\(3\)/).waitFor()
    const log = b.page.getByRole('log')
    expect(await log.locator('img').count()).toBe(0)
    const hrefs = await log.locator('a').evaluateAll((as) => as.map((x) => x.getAttribute('href')))
    expect(hrefs).toEqual(['https://example.com/ok'])
    expect(a.errors.concat(b.errors)).toEqual([])
  })

  it('survives a broker restart: banner shows reconnecting, a message typed meanwhile arrives once', async () => {
    const a = await join('Ada')
    const b = await join('Ben')
    for (const p of [a.page, b.page]) await p.getByRole('button', { name: '#random' }).click()
    await expectConnected(a.page)
    await expectConnected(b.page)
    demo.kill('SIGUSR2')
    await a.page.waitForSelector('.stomp-chat-status[data-status="reconnecting"]', {
      timeout: 10_000,
    })
    expect(await a.page.getByRole('status').first().textContent()).toMatch(/Reconnecting/)
    await say(a.page, 'typed during the outage')
    await a.page.waitForSelector('.stomp-chat-message[data-status="pending"]', {
      state: 'attached',
    })
    await b.page.getByText('typed during the outage').waitFor({ timeout: 30_000 })
    await expectConnected(a.page)
    await a.page.waitForTimeout(1000)
    for (const p of [a.page, b.page]) {
      expect((await texts(p)).filter((t) => t === 'typed during the outage')).toHaveLength(1)
    }
  })

  it('loads older history on scroll-up and keeps the message on screen in place (±2 px)', async () => {
    const { page } = await join('Reader')
    await page.getByText('History message 1000 of 1000').waitFor()
    const list = page.getByRole('log')
    const heightBefore = await list.evaluate((el) => el.scrollHeight)
    // Scroll near (not to) the top so a known message is on screen when older ones arrive.
    const anchorText = await page.evaluate(async () => {
      const el = document.querySelector('.stomp-chat-list') as HTMLElement
      el.scrollTop = 350
      await new Promise((r) => setTimeout(r, 100))
      el.scrollTop = 200
      await new Promise((r) => setTimeout(r, 50))
      const rows = [...el.querySelectorAll('.stomp-chat-text')] as HTMLElement[]
      const box = el.getBoundingClientRect()
      const visible = rows.find((r) => r.getBoundingClientRect().top > box.top + 60)!
      ;(window as unknown as { anchor: HTMLElement }).anchor = visible
      ;(window as unknown as { anchorTop: number }).anchorTop = visible.getBoundingClientRect().top
      return visible.textContent
    })
    expect(anchorText).toMatch(/History message \d+/)
    await page.waitForFunction(() => document.querySelectorAll('.stomp-chat-text').length > 0)
    await page.waitForFunction(
      () => !document.querySelector('.stomp-chat-list[aria-busy="true"]'),
      undefined,
      { timeout: 10_000 },
    )
    await page.waitForTimeout(300)
    const drift = await page.evaluate((text) => {
      const rows = [...document.querySelectorAll('.stomp-chat-text')] as HTMLElement[]
      const same = rows.find((r) => r.textContent === text)
      if (!same) return Number.NaN
      return (
        same.getBoundingClientRect().top - (window as unknown as { anchorTop: number }).anchorTop
      )
    }, anchorText)
    // The older page was put above the anchor: the list grew while the anchor stayed.
    const loaded = await list.evaluate((el) => el.scrollHeight)
    expect(loaded).toBeGreaterThan(heightBefore)
    expect(Math.abs(drift)).toBeLessThanOrEqual(2)
    // Older messages really arrived (history loads 50 at a time, 1,000 in the room).
    await list.evaluate(async (el) => {
      for (let i = 0; i < 10; i++) {
        el.scrollTop = 0
        await new Promise((r) => setTimeout(r, 150))
      }
    })
    const oldest = await page.$$eval('.stomp-chat-text', (els) =>
      Math.min(
        ...els.map((e) => Number(/History message (\d+)/.exec(e.textContent ?? '')?.[1] ?? 1e9)),
      ),
    )
    expect(oldest).toBeLessThan(951)
    expect(await page.locator('.stomp-chat-row').count()).toBeLessThan(200)
  })

  it('writes light, dark and mobile screenshots for inspection', async () => {
    const { page } = await join('Designer')
    await page.getByText('History message 1000 of 1000').waitFor()
    const background = (p: typeof page) =>
      p.evaluate(() => getComputedStyle(document.querySelector('.stomp-chat')!).backgroundColor)
    const light = await background(page)
    await page.screenshot({ path: `${shots}light.png` })
    await page.getByLabel('Theme').selectOption('dark')
    await page.screenshot({ path: `${shots}dark.png` })
    // The screenshots show what they claim: the theme switch changed the palette.
    expect(await background(page)).not.toBe(light)
    const mobile = await join('Phone', { viewport: { width: 390, height: 760 } })
    await mobile.page.getByText('History message 1000 of 1000').waitFor()
    await mobile.page.screenshot({ path: `${shots}mobile.png` })
    // And the room fits the phone's width (no sideways scrolling).
    const width = await mobile.page.evaluate(
      () => document.querySelector('.stomp-chat')!.getBoundingClientRect().width,
    )
    expect(width).toBeLessThanOrEqual(390)
  })
})
