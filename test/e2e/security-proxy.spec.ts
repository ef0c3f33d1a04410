// The outside report's throttling escape on the built server behind a proxy
// (TRUST_PROXY=loopback, as test/e2e/server.ts runs it): a client that writes
// a fresh left-most X-Forwarded-For on every try is still one address — the
// one the proxy appended — and is throttled like any other.
import { expect, test } from './fixtures.ts'
import { E2E_PASSWORD, E2E_USERS } from './users.ts'

test('rotating the left-most X-Forwarded-For does not escape login throttling', async ({ request, baseURL }) => {
  const tryLogin = (forwarded: string, username: string, password: string) =>
    request.post('/login', {
      headers: { Origin: baseURL!, 'X-Forwarded-For': forwarded },
      form: { username, password, redirectTo: '/' },
      maxRedirects: 0,
    })
  // What the proxy saw is 203.0.113.77; what the client claims changes every time. Ten wrong
  // passwords for one account from one address are the most that pair may try (app/auth/throttle.ts).
  const { username } = E2E_USERS.researcher2
  for (let i = 0; i < 10; i++) {
    expect((await tryLogin(`198.18.${i}.${i + 1}, 203.0.113.77`, username, 'wrong-password')).status()).toBe(401)
  }
  const blocked = await tryLogin('198.18.99.99, 203.0.113.77', username, E2E_PASSWORD)
  expect(blocked.status()).toBe(429)
  expect(await blocked.text()).toContain('登录失败次数过多')
  // The same account from another address the proxy saw is not affected.
  expect((await tryLogin('198.18.99.99, 203.0.113.78', username, E2E_PASSWORD)).status()).toBe(302)
})
