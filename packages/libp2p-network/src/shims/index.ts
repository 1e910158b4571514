// Not `./node20.js`: re-exporting it would patch globals for anyone importing this index.
export {
  type InstalledShims,
  installNode20Shims,
  installPromiseWithResolvers,
  installWebSocket,
  type ShimTarget,
} from './install-shims.js'
