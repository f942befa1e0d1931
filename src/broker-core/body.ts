import { encodeUtf8 } from '../protocol/index.js'

/** A body for `publish()`: string as text, bytes as binary, anything else as JSON. */
export type PublishBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | object
  | number
  | boolean
  | null

export interface EncodedBody {
  bytes: Uint8Array
  /** The content-type the body implies (JSON), when the caller gave none. */
  contentType: string | undefined
}

export function encodeBody(body: PublishBody | undefined): EncodedBody {
  if (body === undefined) return { bytes: new Uint8Array(0), contentType: undefined }
  if (typeof body === 'string') return { bytes: encodeUtf8(body), contentType: undefined }
  if (body instanceof Uint8Array) return { bytes: body, contentType: undefined }
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body), contentType: undefined }
  if (ArrayBuffer.isView(body)) {
    return {
      bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      contentType: undefined,
    }
  }
  return { bytes: encodeUtf8(JSON.stringify(body)), contentType: 'application/json' }
}
