// Blobs straight from git's object database, through two long-lived `cat-file` processes (one for
// sizes, one for contents) so a history of any length costs two processes, not one per blob. Sizes
// come first: a blob over the cap is never requested, so a 300 MB blob is never read into memory.
// Requests are pipelined: a caller asks for many ids at once and the answers stream back in order.
import { spawnGit, type GitStream } from '../git';

export type ObjectInfo = { id: string; type: string; size: number } | { id: string; missing: true };

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

abstract class BatchProcess<T> {
  protected readonly git: GitStream;
  protected readonly waiting: Array<Waiter<T>> = [];
  private ended = false;

  constructor(top: string, args: string[], signal?: AbortSignal) {
    this.git = spawnGit(top, args, { stdin: true, signal });
    this.git.stdout.on('data', (d: Buffer) => this.feed(d));
    void this.git.done.then(() => {
      this.ended = true;
      const e = new Error('git cat-file ended early');
      for (const w of this.waiting.splice(0)) w.reject(e);
    });
  }

  protected abstract feed(d: Buffer): void;

  /** Answers in the order asked. */
  request(ids: readonly string[]): Promise<T[]> {
    if (!ids.length) return Promise.resolve([]);
    if (this.ended) return Promise.reject(new Error('git cat-file is not running'));
    const all = ids.map(() => new Promise<T>((resolve, reject) => this.waiting.push({ resolve, reject })));
    this.git.stdin!.write(ids.join('\n') + '\n');
    return Promise.all(all);
  }

  close(): Promise<unknown> {
    this.git.stdin?.end();
    return this.git.done;
  }

  kill(): void {
    this.git.kill();
  }
}

/** `cat-file --batch-check`: type and size of each object, nothing read. */
export class ObjectSizes extends BatchProcess<ObjectInfo> {
  private rest = '';

  constructor(top: string, signal?: AbortSignal) {
    super(top, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], signal);
  }

  protected feed(d: Buffer): void {
    const lines = (this.rest + d.toString('latin1')).split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) {
      const [id, type, size] = line.split(' ');
      const info: ObjectInfo = type === 'missing' || size === undefined ? { id, missing: true } : { id, type, size: Number(size) };
      this.waiting.shift()?.resolve(info);
    }
  }
}

/** `cat-file --batch`: each object's bytes (ask only for objects whose size was checked). */
export class ObjectContents extends BatchProcess<Buffer | undefined> {
  private head = '';
  private body: Buffer | undefined;
  private filled = 0;

  constructor(top: string, signal?: AbortSignal) {
    super(top, ['cat-file', '--batch'], signal);
  }

  protected feed(d: Buffer): void {
    let at = 0;
    while (at < d.length) {
      if (this.body) {
        const n = Math.min(this.body.length - this.filled, d.length - at);
        d.copy(this.body, this.filled, at, at + n);
        this.filled += n;
        at += n;
        if (this.filled === this.body.length) {
          // The object, then one LF.
          const bytes = this.body.subarray(0, this.body.length - 1);
          this.body = undefined;
          this.waiting.shift()?.resolve(bytes);
        }
        continue;
      }
      const nl = d.indexOf(0x0a, at);
      if (nl === -1) {
        this.head += d.toString('latin1', at);
        break;
      }
      const line = this.head + d.toString('latin1', at, nl);
      this.head = '';
      at = nl + 1;
      const parts = line.split(' ');
      if (parts[1] === 'missing' || parts.length < 3) {
        this.waiting.shift()?.resolve(undefined);
        continue;
      }
      const size = Number(parts[2]);
      this.body = Buffer.allocUnsafe(size + 1);
      this.filled = 0;
    }
  }
}
