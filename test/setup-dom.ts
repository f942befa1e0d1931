import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Storybook's play-function userEvent reads navigator.clipboard, which jsdom does not provide.
if (!('clipboard' in navigator)) {
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async () => {}, readText: async () => '' },
  })
}

afterEach(() => cleanup())

// jsdom has no layout. Virtualized lists (virtua) measure through ResizeObserver, so this stand-in
// reports a 600 px tall scroll region (role=log) and 40 px rows: enough for the list to render the
// rows a reader would see. Real layout, scrolling and anchoring are tested in Chromium.
if (typeof globalThis.ResizeObserver === 'undefined') {
  class LayoutlessResizeObserver {
    readonly #callback: ResizeObserverCallback
    constructor(callback: ResizeObserverCallback) {
      this.#callback = callback
    }
    observe(target: Element) {
      const height = target.getAttribute('role') === 'log' ? 600 : 40
      queueMicrotask(() =>
        this.#callback(
          [{ target, contentRect: { width: 400, height } } as unknown as ResizeObserverEntry],
          this as unknown as ResizeObserver,
        ),
      )
    }
    unobserve() {}
    disconnect() {}
  }
  globalThis.ResizeObserver = LayoutlessResizeObserver as unknown as typeof ResizeObserver
}
if (typeof Element.prototype.scrollTo !== 'function') {
  Element.prototype.scrollTo = function scrollTo(
    this: Element,
    options?: ScrollToOptions | number,
  ) {
    if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top
  } as Element['scrollTo']
}
// virtua only measures rows that take part in layout (offsetParent set); jsdom always says null.
Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
  configurable: true,
  get(this: HTMLElement) {
    return this.parentElement
  },
})
