// The demo's parts: every connector the CLI ships with that has one, each starting its simulator in this
// process.
import type { ConnectorDemo } from '@backspace/core';
import { findConnectors } from '../connectors.js';

/** A connector's demo part, with the environment variable its token goes in (`demo --keep` writes them). */
export type DemoPart = ConnectorDemo & { tokenVariable: string };

export async function startDemoParts(): Promise<DemoPart[]> {
  const connectors = await findConnectors({ configDirectory: process.cwd(), packages: [] });
  return Promise.all(
    connectors.flatMap(({ descriptor }) => (descriptor.demo ? [descriptor.demo().then((part) => Object.assign(part, { tokenVariable: descriptor.tokenVariable }))] : [])),
  );
}
