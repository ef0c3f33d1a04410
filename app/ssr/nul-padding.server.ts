import { Transform } from 'node:stream'

/** The size of the buffer React 18's Fizz renderer encodes into (VIEW_SIZE in react-dom-server.node). */
export const FIZZ_VIEW_SIZE = 2048

/**
 * React 18.3's streaming renderer encodes text into a 2048-byte buffer and,
 * when a multi-byte character does not fit in the last one to three bytes,
 * flushes the whole buffer, unwritten zero bytes included (react#26228, fixed
 * only in React 19). With Chinese text one character in a few hundred lands
 * there: the page then reads 数\0\0据库 and the browser shows 数��据库. Those
 * bytes are never part of the page (HTML from React and text from PostgreSQL
 * cannot hold U+0000), so a full buffer's trailing zeros are dropped.
 */
export function stripFizzNulPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.length !== FIZZ_VIEW_SIZE || chunk[chunk.length - 1] !== 0) return callback(null, chunk)
      let end = chunk.length
      while (end > chunk.length - 3 && chunk[end - 1] === 0) end--
      callback(null, chunk.subarray(0, end))
    },
  })
}
