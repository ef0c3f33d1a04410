import fs from 'node:fs'
import path from 'node:path'

export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程（PID ${pid}）使用：嵌入式数据库同一时间只能由一个进程打开。` +
        `请先停止服务器（或在网页的管理页面中操作），然后再运行此命令。\n` +
        `The data folder ${dataDir} is in use by process ${pid}; stop the server first.`,
    )
    this.name = 'DataFolderBusyError'
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the embedded database's folder for this process, so that a command
 * run while the server holds it refuses instead of corrupting it. A lock left
 * by a process that died is taken over. Returns the release function.
 */
export function acquireDataFolderLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'zhiku.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile)
        } catch {
          // already gone
        }
      }
      process.on('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim())
      if (holder && holder !== process.pid && isAlive(holder)) throw new DataFolderBusyError(dataDir, holder)
      fs.rmSync(lockFile, { force: true })
    }
  }
  throw new Error(`cannot lock data folder ${dataDir}`)
}
