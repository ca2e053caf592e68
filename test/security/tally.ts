// Counts the attacks the security suite tries and how many were detected (tampering) or refused
// (authorization); `BACKSPACE_SECURITY_REPORT=<file>` writes the counts as JSON for the benchmark.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface SecurityCounts {
  'security.tamperTried': number;
  'security.tamperDetected': number;
  'security.authzTried': number;
  'security.authzRefused': number;
}

const counts: SecurityCounts = { 'security.tamperTried': 0, 'security.tamperDetected': 0, 'security.authzTried': 0, 'security.authzRefused': 0 };

/** Records one tampering attempt; returns whether it was detected, for the test to assert. */
export function tamper(detected: boolean): boolean {
  counts['security.tamperTried'] += 1;
  if (detected) counts['security.tamperDetected'] += 1;
  return detected;
}

/** Records one authorization attack; returns whether it was refused. */
export function authz(refused: boolean): boolean {
  counts['security.authzTried'] += 1;
  if (refused) counts['security.authzRefused'] += 1;
  return refused;
}

/** Adds this file's counts to the report file (test files run in separate workers). */
export function writeReport(): void {
  const file = process.env.BACKSPACE_SECURITY_REPORT;
  if (!file) return;
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SecurityCounts) : null;
  const merged = Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, value + (before?.[key as keyof SecurityCounts] ?? 0)]));
  writeFileSync(file, JSON.stringify(merged));
}
