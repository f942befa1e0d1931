// biome-ignore-all lint/suspicious/noTemplateCurlyInString: validator keys are written with a literal ${string}, as users write them
// Type tests: `npm run typecheck` (tsc over test/) is what fails an unused @ts-expect-error;
// vitest runs the file too, where expectTypeOf is a no-op and the matcher is checked for real.
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type BodyOf,
  createStompKit,
  matchDestination,
  type StompMessage,
} from '../../src/index.js'

type ChatMessage = { id: string; text: string }
type Schema = {
  subscribe: {
    [d: `/topic/chat.${string}`]: ChatMessage
    '/user/queue/errors': { message: string }
  }
  publish: { [d: `/app/chat.${string}`]: ChatMessage }
}

const kit = createStompKit<Schema>()

// Never rendered: these functions exist for the compiler only.
function useSubscribeTypes() {
  const chat = kit.useSubscription('/topic/chat.lobby')
  expectTypeOf(chat.messages).toEqualTypeOf<readonly StompMessage<ChatMessage>[]>()
  const errors = kit.useSubscription('/user/queue/errors')
  expectTypeOf(errors.lastMessage).toEqualTypeOf<StompMessage<{ message: string }> | undefined>()
  kit.useSubscription(null)
  const room: string = 'lobby'
  expectTypeOf(kit.useSubscription(`/topic/chat.${room}`).messages).toEqualTypeOf<
    readonly StompMessage<ChatMessage>[]
  >()
  expectTypeOf(kit.usePublish(`/app/chat.${room}`))
    .parameter(0)
    .toEqualTypeOf<ChatMessage>()
  // @ts-expect-error not a subscribed destination
  kit.useSubscription('/topic/prices')
  // @ts-expect-error a publish destination is not a subscribe destination
  kit.useSubscription('/app/chat.lobby')
}

function usePublishTypes() {
  const send = kit.usePublish('/app/chat.lobby')
  expectTypeOf(send).parameter(0).toEqualTypeOf<ChatMessage>()
  void send({ id: '1', text: 'hi' })
  // @ts-expect-error wrong body
  void send({ id: '1', body: 'hi' })
  // @ts-expect-error not a publish destination
  kit.usePublish('/topic/chat.lobby')
  // @ts-expect-error the destination is fixed by the hook: no per-call override
  void send({ id: '1', text: 'hi' }, { destination: '/app/other' })
}

function validatorTypes() {
  const chatSchema = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value: unknown) => ({ value: value as ChatMessage }),
    },
  } as const
  createStompKit<Schema>({ validators: { '/topic/chat.${string}': chatSchema } })
  // @ts-expect-error the schema's output must be the destination's body
  createStompKit<Schema>({ validators: { '/user/queue/errors': chatSchema } })
}

describe('createStompKit types', () => {
  it('compiles (see npm run typecheck)', () => {
    expectTypeOf<BodyOf<Schema['subscribe'], '/topic/chat.x'>>().toEqualTypeOf<ChatMessage>()
    // The functions above exist only to be type-checked (typecheck enforces their @ts-expect-error
    // lines); they are never called.
    void [useSubscribeTypes, usePublishTypes, validatorTypes]
  })
})

describe('matchDestination', () => {
  it('matches ${string} as any text, everything else literally', () => {
    expect(matchDestination('/topic/chat.${string}', '/topic/chat.lobby')).toBe(true)
    expect(matchDestination('/topic/chat.${string}', '/topic/chat.')).toBe(true)
    expect(matchDestination('/topic/chat.${string}', '/topic/chatXlobby')).toBe(false)
    expect(matchDestination('/topic/chat.${string}', '/queue/chat.lobby')).toBe(false)
    expect(matchDestination('/a/${string}/b/${string}', '/a/1/b/2')).toBe(true)
    expect(matchDestination('/a/${string}/b', '/a/1/c')).toBe(false)
    expect(matchDestination('/user/queue/errors', '/user/queue/errors')).toBe(true)
    expect(matchDestination('/user/queue/errors', '/user/queue/errors2')).toBe(false)
  })
})
