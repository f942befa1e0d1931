/** Size limits the parser enforces while bytes stream in, before buffering a whole frame. */
export interface FrameLimits {
  /** Octets from the command to the end of the body (NUL excluded). Default 2 MiB. */
  maxFrameSize: number
  /** Header lines per frame, repeats included. Default 64. */
  maxHeaders: number
  /** Octets of one header line (or the command line), escapes included, EOL excluded. Default 8 KiB. */
  maxHeaderLength: number
}

export const DEFAULT_FRAME_LIMITS: Readonly<FrameLimits> = Object.freeze({
  maxFrameSize: 2 * 1024 * 1024,
  maxHeaders: 64,
  maxHeaderLength: 8 * 1024,
})
