import { describe, expect, it } from 'vitest'
import { libpqTarget } from './backup.server.ts'

describe('libpqTarget: the password goes to PGPASSWORD, never onto the command line', () => {
  it('takes the password out of the URL, decoded', () => {
    const target = libpqTarget('postgres://zhiku:s%40cr%3Ast@db.example:5432/zhiku?sslmode=require')
    expect(target.url).toBe('postgres://zhiku@db.example:5432/zhiku?sslmode=require')
    expect(target.url).not.toContain('s%40cr')
    expect(target.env).toEqual({ PGPASSWORD: 's@cr:st' })
  })
  it('leaves a URL without a password as it is', () => {
    expect(libpqTarget('postgres://postgres@127.0.0.1:5432/test')).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/test', env: {} })
  })
  it('leaves what is no URL to pg_dump to judge', () => {
    expect(libpqTarget('host=localhost dbname=zhiku')).toEqual({ url: 'host=localhost dbname=zhiku', env: {} })
  })
})
