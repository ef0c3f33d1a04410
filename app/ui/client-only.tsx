import { useEffect, useState, type ReactNode } from 'react'

/** Renders its children only in the browser (for *.client.tsx modules such as the editor). */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return <>{hydrated ? children() : fallback}</>
}
