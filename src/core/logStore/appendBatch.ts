import * as fs from 'node:fs';

/** A line waiting to be written: its text and its length in UTF-8 bytes, newline excluded. */
export interface PendingLine {
  line?: string;
  readonly length: number;
}

/**
 * The lines appended in one event-loop turn, all to one segment: written with one system call
 * and acknowledged together (group commit), so a burst of records costs one write, not one each.
 */
export class AppendBatch<L extends PendingLine> {
  readonly lines: L[] = [];
  /** Bytes of the lines with their newlines. */
  bytes = 0;
  /** Settles once the batch is written, or failed: the same promise for every line of the batch. */
  readonly done: Promise<void>;
  private settle: { resolve(): void; reject(error: Error): void } | undefined;

  /** @param start where the batch begins in its segment: what a failed write is cut back to. */
  constructor(readonly start: number) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  add(line: L): void {
    this.lines.push(line);
    this.bytes += line.length + 1;
  }

  /**
   * Writes every line, each ended by a newline, with one write of one buffer (each line is
   * encoded straight into it: no joined string is built first), then fsyncs when asked.
   * @throws NodeJS.ErrnoException or RangeError when the buffer cannot be made or written.
   */
  write(fd: number, fsync: boolean): void {
    const buffer = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    for (const { line = '', length } of this.lines) {
      at += buffer.write(line, at, length, 'utf8');
      buffer[at++] = 0x0a;
    }
    // A regular file takes the whole buffer at once; the loop only guards against a short write.
    for (let written = 0; written < at;) written += fs.writeSync(fd, buffer, written, at - written);
    if (fsync) fs.fsyncSync(fd);
  }

  resolve(): void {
    this.settle?.resolve();
  }

  reject(error: Error): void {
    this.settle?.reject(error);
  }
}
