/** A value made on first use, so the extension's start-up does not pay for it (e.g. reading a log). */
export class Lazy<T> {
  private made: { value: T } | undefined;

  constructor(private readonly make: () => T) {}

  get value(): T {
    this.made ??= { value: this.make() };
    return this.made.value;
  }

  /** The value if it was made, without making it. */
  get ifMade(): T | undefined {
    return this.made?.value;
  }
}
