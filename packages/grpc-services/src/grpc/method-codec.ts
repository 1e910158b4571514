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

// One function per schema, made once: every unary call asks for both.
const serializers = new WeakMap<DescMessage, (value: never) => Buffer>()
const deserializers = new WeakMap<DescMessage, (bytes: Buffer) => unknown>()

/** Serialises a message (or a plain object of its shape) to protobuf bytes. */
export function serializer<D extends DescMessage>(schema: D): (value: MessageInitShape<D>) => Buffer {
  let made = serializers.get(schema) as ((value: MessageInitShape<D>) => Buffer) | undefined
  if (made === undefined) {
    made = (value) => {
      const bytes = toBinary(schema, create(schema, value))
      // A view, not a copy: grpc-js only reads the bytes.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
    serializers.set(schema, made)
  }
  return made
}

/** Parses protobuf bytes; a malformed message throws, which grpc-js reports as INTERNAL. */
export function deserializer<D extends DescMessage>(schema: D): (bytes: Buffer) => MessageShape<D> {
  let made = deserializers.get(schema) as ((bytes: Buffer) => MessageShape<D>) | undefined
  if (made === undefined) {
    made = (bytes) => fromBinary(schema, bytes)
    deserializers.set(schema, made)
  }
  return made
}
