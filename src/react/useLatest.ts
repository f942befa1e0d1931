import { useEffect, useLayoutEffect, useRef } from 'react'

// useLayoutEffect so the latest value is in place before any effect or event handler of the same
// commit can read it; useEffect on the server, where layout effects do not run.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

/** A ref that always holds the value from the latest render: callbacks change, subscriptions stay. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value)
  useIsomorphicLayoutEffect(() => {
    ref.current = value
  })
  return ref
}
