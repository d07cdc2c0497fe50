// The importer's one error type: a one-line message naming file, line and element.
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }

  static at(file: string, line: number | undefined, element: string | undefined, what: string): ImportError {
    const where = line === undefined ? file : `${file}:${line}`;
    return new ImportError(`${where}: ${element ? `<${element}> ` : ''}${what}`, file, line);
  }

  /** ImportError.at, thrown (for use in expressions). */
  static throwAt(file: string, line: number | undefined, element: string | undefined, what: string): never {
    throw ImportError.at(file, line, element, what);
  }
}
