import type { StompMessage } from '../core/index.js'
import type { StandardSchemaV1 } from '../core/standard-schema.js'
import { StompProvider } from './StompProvider.js'
import { type PublishCallOptions, usePublish } from './usePublish.js'
import {
  type SubscriptionResult,
  type UseSubscriptionOptions,
  useSubscription,
} from './useSubscription.js'

/** Destination → body. Keys may be patterns: `{ [d: `/topic/chat.${string}`]: Chat }`. */
export type DestinationMap = Record<string, unknown>

export interface StompKitSchema {
  subscribe?: DestinationMap
  publish?: DestinationMap
}

type Map<S, K extends keyof StompKitSchema> = S extends { [P in K]: infer M } ? M : never
/** The destinations a map accepts: its keys, which template-literal keys turn into patterns. */
export type DestinationOf<M> = Extract<keyof M, string>
/** The body for a concrete destination: the value of every key it matches. */
export type BodyOf<M, D extends string> = { [K in keyof M]: D extends K ? M[K] : never }[keyof M]

export type StompKitValidators<M> = {
  [K in keyof M]?: StandardSchemaV1<unknown, M[K]>
}

export interface StompKitOptions<S extends StompKitSchema> {
  /**
   * Standard Schema validators (zod, valibot, …) per subscribed destination or pattern, written
   * with a literal `${string}`: `{ '/topic/chat.${string}': ChatSchema }`. A body that fails keeps
   * its message, with `decodeError` set. Validation is synchronous: an async schema (one whose
   * validate returns a Promise) sets `decodeError` saying so.
   */
  validators?: StompKitValidators<Map<S, 'subscribe'>>
}

export interface StompKit<S extends StompKitSchema> {
  StompProvider: typeof StompProvider
  useSubscription<D extends DestinationOf<Map<S, 'subscribe'>>>(
    destination: D | null | undefined,
    options?: UseSubscriptionOptions<BodyOf<Map<S, 'subscribe'>, D>>,
  ): SubscriptionResult<BodyOf<Map<S, 'subscribe'>, D>>
  usePublish<D extends DestinationOf<Map<S, 'publish'>>>(
    destination: D,
  ): (
    body: BodyOf<Map<S, 'publish'>, D>,
    options?: Omit<PublishCallOptions, 'destination'>,
  ) => Promise<void>
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text users write in validator keys
const WILDCARD = '${string}'

/** Whether a concrete destination matches a key, where each `${string}` stands for any text. */
export function matchDestination(pattern: string, destination: string): boolean {
  if (!pattern.includes(WILDCARD)) return pattern === destination
  const parts = pattern.split(WILDCARD).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`).test(destination)
}

function validate(schema: StandardSchemaV1, destination: string, value: unknown): unknown {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise) {
    throw new TypeError(
      `createStompKit: the validator for ${destination} is async; use a schema without async refinements.`,
    )
  }
  if (result.issues) {
    const issues = result.issues.map((i) => {
      const path = i.path?.map((p) => String(typeof p === 'object' ? p.key : p)).join('.')
      return path ? `${path}: ${i.message}` : i.message
    })
    throw new TypeError(`Message on ${destination} failed validation: ${issues.join('; ')}`)
  }
  return result.value
}

/**
 * Typed hooks for one app's destinations: a wrong destination or body is a compile error. The
 * provider is the usual StompProvider; only the hooks are typed (and, with validators, checked).
 */
export function createStompKit<S extends StompKitSchema>(
  options: StompKitOptions<S> = {},
): StompKit<S> {
  const validators = Object.entries(options.validators ?? {}) as [string, StandardSchemaV1][]
  const validatorFor = (destination: string) =>
    (validators.find(([k]) => k === destination) ??
      validators.find(([k]) => matchDestination(k, destination)))?.[1]

  return {
    StompProvider,
    useSubscription(destination, hookOptions = {}) {
      const schema = destination ? validatorFor(destination) : undefined
      const decode = hookOptions.decode
      return useSubscription(destination, {
        ...hookOptions,
        ...(schema
          ? {
              decode: (message: StompMessage<unknown>) => {
                if (message.decodeError) throw message.decodeError
                const body = decode ? decode(message) : message.body
                return validate(schema, message.destination, body) as never
              },
            }
          : {}),
      })
    },
    usePublish: (destination) => usePublish(destination),
  }
}
