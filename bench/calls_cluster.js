/**
 * Runs BENCH_SERVERS copies of the built server (build/bin/server.js) behind one port with
 * node:cluster, as several stateless web instances behind a load balancer would: the primary
 * hands incoming connections to the workers in turn. Started by bench/calls.ts with cwd build/.
 */
import cluster from 'node:cluster'

const count = Math.max(1, Number(process.env.BENCH_SERVERS ?? 1))
cluster.setupPrimary({ exec: 'bin/server.js', execArgv: process.execArgv })
for (let i = 0; i < count; i++) cluster.fork()
let stopping = false
cluster.on('exit', (worker, code) => {
  if (!stopping) console.error(`server worker ${worker.process.pid} exited with ${code}`)
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
})
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopping = true
    /** SIGTERM lets each server finish; disconnecting closes the IPC channel that would keep a worker alive. */
    for (const worker of Object.values(cluster.workers ?? {})) {
      worker?.process.kill('SIGTERM')
      worker?.disconnect()
    }
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL')
      process.exit(0)
    }, 15_000).unref()
  })
}
