// Runs the built `backspace` binary on a real pseudo-terminal (python3's pty module: no native Node
// add-on to build), answering prompts as a person would, so colour, width and confirmation are tested
// as an operator meets them.
import { spawn } from 'node:child_process';
import { BIN } from './cli.js';

export interface PtyRun {
  code: number;
  /** Everything the terminal showed, escape sequences included. */
  output: string;
}

export interface PtyOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  columns?: number;
  /** When the output so far matches `when`, type `send` (once each, in order). */
  answers?: { when: string; send: string }[];
  /** Sends Ctrl-C (SIGINT to the foreground process) once the output matches this. */
  interruptWhen?: string;
  timeoutMs?: number;
}

const DRIVER = String.raw`
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(spec['argv'][0], spec['argv'], spec['env'])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, spec['columns'], 0, 0))
os.kill(pid, signal.SIGWINCH)
out = b''
answers = list(spec['answers'])
interrupt = spec.get('interruptWhen')
deadline = time.time() + spec['timeoutMs'] / 1000
status = None
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b''
        if not chunk:
            break
        out += chunk
        text = out.decode('utf-8', 'replace')
        if answers and re.search(answers[0]['when'], text):
            os.write(fd, answers.pop(0)['send'].encode())
        if interrupt and re.search(interrupt, text):
            os.write(fd, b'\x03')
            interrupt = None
    else:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        status = None
if status is None:
    try:
        _, status = os.waitpid(pid, os.WNOHANG if time.time() >= deadline else 0)
    except ChildProcessError:
        status = 0
if time.time() >= deadline:
    os.kill(pid, signal.SIGKILL)
    sys.stderr.write('timed out\n')
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status) if status else 0)
`;

export function runCliOnPty(args: string[], options: PtyOptions = {}): Promise<PtyRun> {
  const env = Object.fromEntries(Object.entries({ ...process.env, TERM: 'xterm-256color', ...options.env }).filter((pair): pair is [string, string] => pair[1] !== undefined));
  const spec = { argv: [process.execPath, BIN, ...args], env, columns: options.columns ?? 100, answers: options.answers ?? [], interruptWhen: options.interruptWhen ?? null, timeoutMs: options.timeoutMs ?? 60_000 };
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER, JSON.stringify(spec)], { cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (errors.includes('timed out') ? reject(new Error(`backspace ${args.join(' ')} did not finish on the terminal:\n${output}`)) : resolve({ code: code ?? -1, output })));
  });
}

/** The terminal's text without colour and cursor sequences. */
export function plain(output: string): string {
  return output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
}
