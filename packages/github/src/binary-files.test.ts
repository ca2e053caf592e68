// Files are bytes: a binary file the agent overwrote comes back byte for byte (never through UTF-8),
// in the simulator's store and as a person's client reads it.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, index) => index));

describe('a binary file the agent overwrote', () => {
  it('is restored byte for byte', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator, human } = environment;
    const added = await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'assets/palette.bin', message: 'Add palette', content: EVERY_BYTE.toString('base64') });
    expect(simulator.fileBytes('assets/palette.bin')).toEqual(EVERY_BYTE);

    const session = await runtime.startSession({ agentId: 'assets-bot' });
    await session.run('github.file.put', { owner, repo, path: 'assets/palette.bin', message: 'Replace palette', content: toBase64('not a palette\n'), sha: added.data.content!.sha! });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });

    expect(simulator.fileBytes('assets/palette.bin')).toEqual(EVERY_BYTE);
    const read = (await human.rest.repos.getContent({ owner, repo, path: 'assets/palette.bin' })).data as { content: string; sha: string; size: number };
    expect(Buffer.from(read.content, 'base64')).toEqual(EVERY_BYTE);
    expect(read).toMatchObject({ sha: added.data.content!.sha, size: 256 });
  });
});
