import type { IFrame } from '@stomp/stompjs'

// RabbitMQ: "Access refused for user 'guest'"; ActiveMQ: "User name [x] or password is invalid.";
// Spring and others use the usual words.
const authWords =
  /access refused|password|passcode|credential|login|unauthori[sz]ed|not authori[sz]ed|forbidden|authenticat/i

/** The default test for "this ERROR frame, received before CONNECTED, means bad credentials". */
export function isAuthErrorFrame(frame: IFrame): boolean {
  return authWords.test(`${frame.headers.message ?? ''}\n${frame.body ?? ''}`)
}
