import { codedErrorMatchers } from '@p2p/testkit'
import { expect } from 'vitest'

// The core's tests assert on coded errors everywhere; this setup file is the core project's own.
expect.extend(codedErrorMatchers)
