// A server-streaming method that accepts every call and never sends anything, not even headers,
// in a process of its own, so a test can kill it the way a service crashes (SIGKILL: the kernel
// closes the connections; no GOAWAY, no RST_STREAM). Usage: node silent-server-process.mjs <method
// path> <port>; prints "listening <port>" once bound. Plain JS: it runs without a TS loader.
import { Server, ServerCredentials } from '@grpc/grpc-js'

const [path, port = '0'] = process.argv.slice(2)
const server = new Server()
const same = (bytes) => bytes
server.register(path, () => {}, same, same, 'serverStream')
server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => {
  if (error !== null) {
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
  process.stdout.write(`listening ${bound}\n`)
})
