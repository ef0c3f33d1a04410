// Counting the database queries a page makes: the built app served in this
// process over a database handle whose Kysely carries a counting plugin.
import type { Server } from 'node:http'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import { installDatabase, type DbHandle } from '#db/connection.server.ts'
import { createApp } from '../../server/app.ts'
import { BUILT_SERVER, login } from './server.ts'

/** Counts every query Kysely runs through it (BEGIN/COMMIT of transactions are not queries here). */
export class QueryCounter implements KyselyPlugin {
  count = 0
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

export interface RouteCensus {
  status: number
  /** Queries of one warm request, session lookup included. */
  queries: number
  /** Latency of that one request with nothing else running, in ms. */
  ms: number
  bytes: number
  contentType: string
}

/**
 * Serves the built app in this process on `handle` (with a counting plugin)
 * and requests each path twice as the given user, reporting the second
 * (warm) request's status, query count and size. The handle stays open.
 */
export async function censusRoutes(handle: DbHandle, paths: string[], user: { username: string; password: string }) {
  const counter = new QueryCounter()
  installDatabase({ ...handle, db: handle.db.withPlugin(counter) })
  const build = (await import(pathToFileURL(BUILT_SERVER).href)) as ServerBuild
  const app = createApp({ build, buildDir: 'build' })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const result: Record<string, RouteCensus> = {}
  try {
    const cookie = await login(base, user.username, user.password)
    for (const path of paths) {
      let census: RouteCensus | undefined
      for (let i = 0; i < 2; i++) {
        counter.count = 0
        const started = performance.now()
        const response = await fetch(base + path, { headers: { cookie }, redirect: 'manual' })
        const body = Buffer.from(await response.arrayBuffer())
        const ms = Math.round((performance.now() - started) * 10) / 10
        census = { status: response.status, queries: counter.count, ms, bytes: body.length, contentType: response.headers.get('content-type') ?? '' }
      }
      result[path] = census!
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
  return result
}
