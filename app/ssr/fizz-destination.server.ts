import { Transform } from 'node:stream'

/** The size of the buffer React 18's Fizz renderer encodes into (VIEW_SIZE in react-dom-server.node). */
export const FIZZ_VIEW_SIZE = 2048

/** A page larger than this is passed on in parts of about this size even before React flushes. */
const MAX_HELD_BYTES = 64 * 1024

/**
 * Where React's streaming renderer writes a page (entry.server pipes into it), with two fixes of React
 * 18.3's output:
 *
 * - **Zero bytes.** Fizz encodes text into a 2048-byte buffer and, when a multi-byte character does not
 *   fit in the last one to three bytes, flushes the whole buffer, unwritten zero bytes included
 *   (react#26228, fixed only in React 19). With Chinese text one character in a few hundred lands
 *   there: the page then reads 数\0\0据库 and the browser shows 数��据库. Those bytes are never part of
 *   the page (HTML from React and text from PostgreSQL cannot hold U+0000), so a full buffer's trailing
 *   zeros are dropped.
 * - **One write per flush.** Fizz writes those 2 KB buffers one by one, and each went through Remix's
 *   web stream and out to the socket as a system call of its own: a search page of 83 KB was about 40
 *   writes (the server's largest single cost under load). The parts are held and passed on as one
 *   when React has written all it has (it calls `flush()` on its destination, as it does for a
 *   compression stream), at the end, or when they reach MAX_HELD_BYTES.
 */
export function fizzDestination(): Transform & { flush(): void } {
  const held: Buffer[] = []
  let heldBytes = 0
  const release = () => {
    if (!held.length) return
    stream.push(held.length === 1 ? held[0] : Buffer.concat(held, heldBytes))
    held.length = 0
    heldBytes = 0
  }
  const stream = Object.assign(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        const part = withoutPadding(chunk)
        held.push(part)
        heldBytes += part.length
        if (heldBytes >= MAX_HELD_BYTES) release()
        callback()
      },
      flush(callback) {
        release()
        callback()
      },
    }),
    { flush: release },
  )
  return stream
}

function withoutPadding(chunk: Buffer) {
  if (chunk.length !== FIZZ_VIEW_SIZE || chunk[chunk.length - 1] !== 0) return chunk
  let end = chunk.length
  while (end > chunk.length - 3 && chunk[end - 1] === 0) end--
  return chunk.subarray(0, end)
}
