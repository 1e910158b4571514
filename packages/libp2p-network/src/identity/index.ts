export {
  DEFAULT_KEY_FILE_NAME,
  FileKeyStore,
  type FileKeyStoreDeps,
  type FileKeyStoreOptions,
} from './file-key-store.js'
export { privateKeyFromRawKey, rawKeyFromPrivateKey } from './raw-key.js'
export {
  type IdentitySource,
  type ResolvedIdentity,
  type ResolveIdentityOptions,
  resolvePrivateKey,
} from './resolve-identity.js'
