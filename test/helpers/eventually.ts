// Polls a probe until it holds: a bound on waiting in tests, never a timing assertion.

/** Resolves once `probe()` returns true; after `tries` probes `intervalMs` apart, fails naming `what`. */
export async function eventually(
  probe: () => Promise<boolean>,
  what: string,
  { tries = 200, intervalMs = 50 }: { tries?: number; intervalMs?: number } = {},
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`never happened: ${what}`);
}
