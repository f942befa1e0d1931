// Exits 0 once a STOMP CONNECT over the WebSocket at argv[2] is answered by CONNECTED.
import WebSocket from 'ws'

const url = process.argv[2] ?? 'ws://127.0.0.1:15674/ws'
const ws = new WebSocket(url, ['v12.stomp'])
const fail = (why) => {
  console.error(`stomp-ping: ${why}`)
  process.exit(1)
}
const timer = setTimeout(() => fail('no CONNECTED within 5 s'), 5000)
ws.on('open', () =>
  ws.send('CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\0'),
)
ws.on('message', (data) => {
  const text = data.toString()
  if (text.startsWith('CONNECTED')) {
    clearTimeout(timer)
    ws.close()
    process.exit(0)
  }
  fail(`unexpected frame: ${text.split('\n')[0]}`)
})
ws.on('error', (err) => fail(err.message))
