export type DestinationKind = 'topic' | 'queue'

export const TOPIC_PREFIX = '/topic/'
export const QUEUE_PREFIX = '/queue/'

/** `topic` or `queue` for broker destinations, `undefined` for anything else. */
export function destinationKind(destination: string): DestinationKind | undefined {
  if (destination.startsWith(TOPIC_PREFIX) && destination.length > TOPIC_PREFIX.length) {
    return 'topic'
  }
  if (destination.startsWith(QUEUE_PREFIX) && destination.length > QUEUE_PREFIX.length) {
    return 'queue'
  }
  return undefined
}

/**
 * A matcher for a topic subscription, or `undefined` when it is an exact name. Wildcards follow
 * RabbitMQ's topic routing (https://www.rabbitmq.com/docs/stomp#d.ed): words separated by dots,
 * `*` matches one word, `#` zero or more, so `/topic/chat.*` receives `/topic/chat.lobby`.
 */
export function topicMatcher(pattern: string): ((destination: string) => boolean) | undefined {
  const words = pattern.slice(TOPIC_PREFIX.length).split('.')
  if (!words.includes('*') && !words.includes('#')) return undefined
  return (destination) =>
    destination.startsWith(TOPIC_PREFIX) &&
    matchWords(words, destination.slice(TOPIC_PREFIX.length).split('.'))
}

// Dynamic programming over (pattern word, destination word): linear in their product, so a
// pattern full of '#' cannot make routing exponential.
function matchWords(pattern: readonly string[], words: readonly string[]): boolean {
  let row: boolean[] = new Array(words.length + 1).fill(false)
  row[0] = true
  for (const p of pattern) {
    const next: boolean[] = new Array(words.length + 1).fill(false)
    for (let j = 0; j <= words.length; j++) {
      if (p === '#') next[j] = row[j] === true || (j > 0 && next[j - 1] === true)
      else if (j > 0 && row[j - 1] && (p === '*' || p === words[j - 1])) next[j] = true
    }
    row = next
  }
  return row[words.length] === true
}
