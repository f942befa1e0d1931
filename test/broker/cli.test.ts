import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { Client } from '@stomp/stompjs'
import { expect, it, vi } from 'vitest'
import WebSocket from 'ws'

const bin = new URL('../../dist/esm/broker/cli.js', import.meta.url).pathname

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })

it('stomp-kit-broker prints its URL first, serves STOMP, and exits 0 with the port freed on SIGTERM', async () => {
  expect(
    existsSync(bin),
    `${bin} is missing: run npm run build (npm ci runs it through prepare)`,
  ).toBe(true)
  const child = spawn(process.execPath, [bin, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)))
  })
  expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/)
  const port = Number(new URL(url).port)

  const client = new Client({
    webSocketFactory: () => new WebSocket(url, ['v12.stomp']) as never,
    reconnectDelay: 0,
  })
  const got: string[] = []
  await new Promise<void>((resolve) => {
    client.onConnect = () => resolve()
    client.activate()
  })
  client.subscribe('/topic/cli', (m) => got.push(m.body))
  await new Promise<void>((resolve) => {
    client.watchForReceipt('r1', () => resolve())
    client.publish({ destination: '/topic/cli', body: '안녕', headers: { receipt: 'r1' } })
  })
  await vi.waitFor(() => expect(got).toEqual(['안녕']))
  await client.deactivate()

  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  expect(await portIsFree(port)).toBe(true)
})
