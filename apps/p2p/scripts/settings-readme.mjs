#!/usr/bin/env node
// `pnpm settings:readme`: rewrites the settings table in the README from the declarations in
// apps/p2p/src/settings/setting-definitions.ts (through the build), between the two markers.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { replaceSettingsTable } from '../dist/settings/settings-readme.js'

const README = fileURLToPath(new URL('../../../README.md', import.meta.url))
const before = readFileSync(README, 'utf8')
const after = replaceSettingsTable(before)
if (after === before) {
  console.log('README.md: the settings table is up to date')
} else {
  writeFileSync(README, after)
  console.log('README.md: settings table rewritten')
}
