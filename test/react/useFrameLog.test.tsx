import { render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { expect, it } from 'vitest'
import { StompProvider, useFrameLog, useSubscription } from '../../src/index.js'
import { createMemoryBroker } from '../../src/testing/index.js'

function Log() {
  useSubscription('/topic/log')
  const log = useFrameLog(50)
  return (
    <ol aria-label="frames">
      {log.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a log shown in order, items never reorder
        <li key={i}>
          {e.type === 'frame' ? `${e.direction} ${e.command} ${JSON.stringify(e.headers)}` : e.type}
        </li>
      ))}
    </ol>
  )
}

it('useFrameLog renders the wire, bounded, and never the passcode', async () => {
  const broker = createMemoryBroker({ users: { bob: 's3cret-pass' } })
  render(
    <StrictMode>
      <StompProvider
        webSocketFactory={broker.webSocketFactory}
        connectHeaders={{ login: 'bob', passcode: 's3cret-pass' }}
      >
        <Log />
      </StompProvider>
    </StrictMode>,
  )
  await waitFor(() => expect(screen.getByLabelText('frames')).toHaveTextContent('out SUBSCRIBE'))
  expect(screen.getByLabelText('frames')).toHaveTextContent('out CONNECT')
  expect(screen.getByLabelText('frames')).toHaveTextContent('in CONNECTED')
  for (let i = 0; i < 80; i++) broker.publish('/topic/log', `m${i}`)
  await waitFor(() => expect(screen.getByLabelText('frames').textContent).toContain('MESSAGE'))
  await waitFor(() => expect(screen.getAllByRole('listitem').length).toBe(50))
  expect(document.body.innerHTML).not.toContain('s3cret-pass')
  await broker.close()
})
