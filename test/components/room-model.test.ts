import { describe, expect, it } from 'vitest'
import { RoomModel } from '../../src/components/chat/room-model.js'

const msg = (id: string) => ({
  id,
  text: id,
  author: { id: 'b', name: 'Bob' },
  sentAt: '2026-12-03T09:00:00.000Z',
})

describe('RoomModel', () => {
  it('keeps the newest messages up to its limit and marks the dropped ones as loadable history', () => {
    const model = new RoomModel(2, (flush) => {
      queueMicrotask(flush)
      return () => {}
    })
    model.mergeLatest([msg('a')], false)
    expect(model.getSnapshot().hasMore).toBe(false)
    for (const id of ['b', 'c', 'b']) model.receive(msg(id))
    model.flush()
    const snap = model.getSnapshot()
    expect(snap.entries.map((e) => e.message.id)).toEqual(['b', 'c'])
    expect(snap.hasMore).toBe(true)
    // A dropped message can come back from history, since it is no longer known.
    model.prependHistory([msg('a')], false)
    expect(model.getSnapshot().entries.map((e) => e.message.id)).toEqual(['a', 'b', 'c'])
  })
})
