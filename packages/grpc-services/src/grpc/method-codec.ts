import {
  create,
  type DescMessage,
  type DescMethod,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from '@bufbuild/protobuf'

/** The gRPC path of a method: `/package.Service/Method`, which is what servers route on. */
export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`
}

/** Serialises a message (or a plain object of its shape) to protobuf bytes. */
export function serializer<D extends DescMessage>(schema: D): (value: MessageInitShape<D>) => Buffer {
  return (value) => Buffer.from(toBinary(schema, create(schema, value)))
}

/** Parses protobuf bytes; a malformed message throws, which grpc-js reports as INTERNAL. */
export function deserializer<D extends DescMessage>(schema: D): (bytes: Buffer) => MessageShape<D> {
  return (bytes) => fromBinary(schema, bytes)
}
