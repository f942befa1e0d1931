import { useCallback } from 'react'
import type { PublishOptions } from '../core/index.js'
import { useSessionFor } from './context.js'

export interface PublishCallOptions extends PublishOptions {
  /** Overrides the hook's destination for this call. */
  destination?: string
}

export type Publish<T> = (body: T, options?: PublishCallOptions) => Promise<void>

/**
 * A stable publish function. Strings go as text, Uint8Array as binary, anything else as JSON. The
 * promise resolves once written (or, with `receipt: true`, once the broker's RECEIPT arrives);
 * offline publishes wait in the outbox.
 */
export function usePublish<T = unknown>(destination?: string): Publish<T> {
  const session = useSessionFor('usePublish')
  return useCallback<Publish<T>>(
    (body, options) => {
      const target = options?.destination ?? destination
      if (!target) {
        return Promise.reject(
          new TypeError(
            'usePublish: no destination; pass one to usePublish("/app/…") or in options.',
          ),
        )
      }
      return session.publish(target, body, options)
    },
    [session, destination],
  )
}
