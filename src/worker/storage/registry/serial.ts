// Writes that append to the transparency log run one after another: each awaits sealing (and a commit,
// hashing) between reading the log's head and appending to it, and nothing else may append meanwhile.
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
