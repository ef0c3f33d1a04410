import { createContext, useContext } from 'react'

/**
 * The id of the request that rendered the page (X-Request-Id), for the error
 * page's 错误编号. The server provides it; the browser reads it back from the
 * page's <meta name="request-id"> before hydrating, so both render alike.
 */
const RequestIdContext = createContext('')
export const RequestIdProvider = RequestIdContext.Provider
export const useRequestId = () => useContext(RequestIdContext)

export const REQUEST_ID_META = 'request-id'

/** In the browser: the id the server wrote into the page. */
export function requestIdFromDocument(): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${REQUEST_ID_META}"]`)?.content ?? ''
}
