import type { DescService } from '@bufbuild/protobuf'
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js'
import { grpcServiceDefinition } from '../src/index.js'

/** A grpc-js server with hand-written handlers, for behaviour the real backends would never show. */
export async function rawServer(
  service: DescService,
  handlers: object,
  port = 0,
): Promise<{ readonly address: string; readonly port: number; stop(): Promise<void> }> {
  const server = new Server()
  server.addService(grpcServiceDefinition(service), handlers as UntypedServiceImplementation)
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, p) =>
      error === null ? resolve(p) : reject(error),
    ),
  )
  return {
    address: `127.0.0.1:${bound}`,
    port: bound,
    // Forced: tests kill servers the way a crash would, open streams included.
    stop: async () => server.forceShutdown(),
  }
}
