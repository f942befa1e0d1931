// biome-ignore-all lint/suspicious/noTemplateCurlyInString: validator keys are written with a literal ${string}, as users write them
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode } from 'react'
import * as v from 'valibot'
import { afterEach, expect, it } from 'vitest'
import { z } from 'zod'
import { createStompKit, type StandardSchemaV1 } from '../../src/index.js'
import { createMemoryBroker, type MemoryBroker } from '../../src/testing/index.js'

type ChatMessage = { id: string; text: string }
type Schema = {
  subscribe: { [d: `/topic/chat.${string}`]: ChatMessage }
  publish: { [d: `/app/chat.${string}`]: ChatMessage }
}

let broker: MemoryBroker
afterEach(async () => {
  await broker?.close()
})

function renderRoom(kit: ReturnType<typeof createStompKit<Schema>>) {
  broker = createMemoryBroker()
  function Room() {
    const { messages, status } = kit.useSubscription('/topic/chat.lobby')
    const send = kit.usePublish('/app/chat.lobby')
    return (
      <>
        <p role="status">{status}</p>
        <ul>
          {messages.map((m) => (
            <li key={m.id}>{m.decodeError ? `invalid: ${m.decodeError.message}` : m.body.text}</li>
          ))}
        </ul>
        <button type="button" onClick={() => void send({ id: 'c1', text: 'sent' })}>
          Send
        </button>
      </>
    )
  }
  render(
    <StrictMode>
      <kit.StompProvider webSocketFactory={broker.webSocketFactory}>
        <Room />
      </kit.StompProvider>
    </StrictMode>,
  )
  return waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('active'))
}

const zodChat = z.object({ id: z.string(), text: z.string() })
const valibotChat = v.object({ id: v.string(), text: v.string() })

for (const [name, schema] of [
  ['zod', zodChat],
  ['valibot', valibotChat],
] as const) {
  it(`${name}: valid bodies pass, invalid ones are kept with decodeError`, async () => {
    await renderRoom(createStompKit<Schema>({ validators: { '/topic/chat.${string}': schema } }))
    broker.publish('/topic/chat.lobby', JSON.stringify({ id: 'a', text: 'hello' }), {
      'content-type': 'application/json',
    })
    broker.publish('/topic/chat.lobby', JSON.stringify({ id: 'b', text: 42 }), {
      'content-type': 'application/json',
    })
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2))
    const [ok, bad] = screen.getAllByRole('listitem')
    expect(ok).toHaveTextContent('hello')
    expect(bad).toHaveTextContent(
      /^invalid: Message on \/topic\/chat\.lobby failed validation: text:/,
    )
  })
}

it('without validators the kit only types: bodies pass through, publishes go out as JSON', async () => {
  await renderRoom(createStompKit<Schema>())
  broker.publish('/topic/chat.lobby', JSON.stringify({ id: 'a', text: 'untyped' }), {
    'content-type': 'application/json',
  })
  await waitFor(() => expect(screen.getByRole('listitem')).toHaveTextContent('untyped'))
  await userEvent.click(screen.getByRole('button', { name: 'Send' }))
  await waitFor(() =>
    expect(
      broker.frames.some(
        ({ frame }) =>
          frame.command === 'SEND' &&
          frame.headers.some(([k, v]) => k === 'destination' && v === '/app/chat.lobby'),
      ),
    ).toBe(true),
  )
})

it('an async validator sets decodeError saying so, never throws', async () => {
  const asyncSchema: StandardSchemaV1<unknown, ChatMessage> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: async (value) => ({ value: value as ChatMessage }),
    },
  }
  await renderRoom(createStompKit<Schema>({ validators: { '/topic/chat.${string}': asyncSchema } }))
  broker.publish('/topic/chat.lobby', JSON.stringify({ id: 'a', text: 'x' }), {
    'content-type': 'application/json',
  })
  await waitFor(() => expect(screen.getByRole('listitem')).toHaveTextContent(/is async/))
})
