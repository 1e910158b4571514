import type { DescMessage, DescMethod, MessageInitShape, MessageShape } from '@bufbuild/protobuf'
import { type Client, Metadata } from '@grpc/grpc-js'
import { P2PError } from '@p2p/domain'
import { deserializer, methodPath, serializer } from './method-codec.js'

export interface UnaryCallOptions {
  /** Every call has a deadline: a service that never answers must not hold us up. */
  readonly deadlineMs: number
  readonly signal?: AbortSignal | undefined
  /** A second signal that also cancels the call (a client's stop), without a combined controller per call. */
  readonly stopSignal?: AbortSignal | undefined
}

/** One unary call with a deadline and an abort signal; rejects with the raw grpc error. */
export function unaryCall<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: DescMethod & { readonly input: I; readonly output: O },
  request: MessageInitShape<I>,
  options: UnaryCallOptions,
): Promise<MessageShape<O>> {
  const { signal, stopSignal } = options
  if (signal?.aborted === true || stopSignal?.aborted === true)
    return Promise.reject(new P2PError('stopped', `${method.name} was aborted`))
  return new Promise((resolve, reject) => {
    const call = client.makeUnaryRequest(
      methodPath(method),
      serializer(method.input),
      deserializer(method.output),
      request,
      new Metadata(),
      { deadline: Date.now() + options.deadlineMs },
      (error, response) => {
        signal?.removeEventListener('abort', onAbort)
        stopSignal?.removeEventListener('abort', onAbort)
        if (error !== null || response === undefined) reject(error ?? new Error('empty response'))
        else resolve(response)
      },
    )
    const onAbort = () => call.cancel()
    signal?.addEventListener('abort', onAbort, { once: true })
    stopSignal?.addEventListener('abort', onAbort, { once: true })
  })
}
