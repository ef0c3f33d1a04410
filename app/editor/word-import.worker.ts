// The worker thread of a Word import (see word-import-queue.server.ts): converts
// one vetted .docx and posts the result. Runs under resource limits, so a
// document that exhausts them ends this thread, not the server.
import { parentPort, workerData } from 'node:worker_threads'
import { docxToEditorState } from './word-import.server.ts'

const { zip } = workerData as { zip: Uint8Array }
// The modules are loaded: the conversion's deadline starts now.
parentPort!.postMessage({ started: true })
const result = await docxToEditorState(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength))
parentPort!.postMessage(result.ok ? { ok: true, state: JSON.stringify(result.state) } : { ok: false, message: result.message })
